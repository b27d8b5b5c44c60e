using Ssgan.Engine.Optim;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>
/// Everything needed to continue a run exactly: both models (PyTorch-loadable files) and, with EMA, the averaged
/// discriminator, the Mean Teacher's weights when there is one, the optimizers' moments and step counters, the
/// random generator's state and the step count. Each checkpoint is a directory written under a temporary name and
/// renamed when complete; <c>latest</c> (itself replaced atomically) names the newest, and the previous one is kept
/// until the new one is in place.
/// </summary>
public static class TrainerCheckpoint
{
    public const string StateFile = "state.safetensors";
    private const string LatestFile = "latest";

    public static string Save(string checkpointsDir, SganTrainer trainer)
    {
        var name = $"step-{trainer.StepsDone:D6}";
        var final = Path.Combine(checkpointsDir, name);
        var temp = final + ".partial";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        ModelFiles.Save(Path.Combine(temp, ModelFiles.DiscriminatorFile), trainer.Discriminator, trainer.Discriminator.Config, "discriminator");
        ModelFiles.Save(Path.Combine(temp, ModelFiles.GeneratorFile), trainer.Generator, trainer.Generator.Config, "generator");
        if (trainer.AveragedDiscriminator() is { } averaged)
        {
            ModelFiles.Save(Path.Combine(temp, ModelFiles.AveragedDiscriminatorFile), averaged, averaged.Config, "discriminator-ema");
        }

        var entries = new List<SafetensorsEntry>();
        foreach (var (prefix, adam) in Optimizers(trainer))
        {
            AddOptimizer(entries, prefix, adam);
        }

        if (trainer.Teacher is { } teacher)
        {
            for (var i = 0; i < teacher.Parameters.Count; i++)
            {
                entries.Add(SafetensorsEntry.F32($"teacher.{i}", teacher.Parameters[i].Shape, teacher.Average(i)));
            }
        }

        var rng = trainer.Rng.GetState();
        entries.Add(SafetensorsEntry.I64("rng.state", [4], Array.ConvertAll(rng, u => unchecked((long)u))));
        entries.Add(SafetensorsEntry.I64("trainer.steps_done", [1], new long[] { trainer.StepsDone }));
        Safetensors.Write(Path.Combine(temp, StateFile), entries, new Dictionary<string, string> { ["format"] = "ssgan-state" });
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temp, final);
        var previous = LatestDirectory(checkpointsDir);
        WriteAtomically(Path.Combine(checkpointsDir, LatestFile), name);
        PruneExcept(checkpointsDir, final, previous);
        return final;
    }

    /// <summary>
    /// The checkpoint <c>latest</c> names, or null when it is missing or unusable: it must name a complete
    /// step-NNNNNN directory inside <paramref name="checkpointsDir"/> (see <see cref="Problem"/> for why not).
    /// </summary>
    public static string? LatestDirectory(string checkpointsDir) => Problem(checkpointsDir, out var dir) is null ? dir : null;

    /// <summary>
    /// The directory <c>latest</c> names when it exists, trainer state or not: enough to read its models (a kept
    /// reference run holds final weights only), never to resume.
    /// </summary>
    public static string? LatestWeightsDirectory(string checkpointsDir) => Problem(checkpointsDir, out var dir, weightsOnly: true) is null ? dir : null;

    /// <summary>Why <c>latest</c> is unusable (one phrase), or null with <paramref name="dir"/> set when it is usable.</summary>
    public static string? Problem(string checkpointsDir, out string? dir, bool weightsOnly = false)
    {
        dir = null;
        var pointer = Path.Combine(checkpointsDir, LatestFile);
        if (!Directory.Exists(checkpointsDir))
        {
            return $"{checkpointsDir} is missing";
        }

        if (!File.Exists(pointer))
        {
            return $"{pointer} is missing";
        }

        if (IO.RegularFile.Problem(pointer) is { } notRegular)
        {
            return $"{pointer} is {notRegular}";
        }

        var info = new FileInfo(pointer);
        if (info.Length > 256)
        {
            return $"{pointer} is {info.Length} bytes, not a checkpoint name";
        }

        var name = File.ReadAllText(pointer).Trim();
        if (!IsStepName(name))
        {
            return $"{pointer} names '{name}', not a step-NNNNNN directory of this run";
        }

        var candidate = Path.Combine(checkpointsDir, name);
        if (weightsOnly ? !Directory.Exists(candidate) : !IsComplete(candidate))
        {
            return $"{pointer} names {name}, which is missing or incomplete";
        }

        dir = candidate;
        return null;
    }

    /// <summary>
    /// The checkpoint a resume continues from: the one <c>latest</c> names, else the newest complete one (with
    /// <paramref name="note"/> saying why), else null when the run has no history; a run with history but no usable
    /// checkpoint is a <see cref="CheckpointFormatException"/>, never a silent restart from step 0.
    /// </summary>
    public static string? ForResume(RunFiles files, out string? note)
    {
        note = null;
        var problem = Problem(files.Checkpoints, out var latest);
        if (latest is not null)
        {
            return latest;
        }

        if (NewestComplete(files.Checkpoints) is { } newest)
        {
            note = $"warning: {problem}; resuming from the newest complete checkpoint, {Path.GetFileName(newest)}";
            return newest;
        }

        if (files.History() is { } history)
        {
            throw new CheckpointFormatException($"{files.Root}: no usable checkpoint ({problem}) but the run has {history}; refusing to start it over from step 0 (start a new run with --out, or replace this one with --force)");
        }

        return null;
    }

    /// <summary>The complete checkpoint with the highest step, whatever <c>latest</c> says; null if none.</summary>
    public static string? NewestComplete(string checkpointsDir) =>
        !Directory.Exists(checkpointsDir) ? null : Directory.GetDirectories(checkpointsDir, "step-*")
            .Where(d => IsStepName(Path.GetFileName(d)) && IsComplete(d))
            .OrderByDescending(d => long.Parse(Path.GetFileName(d)[5..], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>"step-" and 6 to 9 digits: what <see cref="Save"/> writes, and nothing that could leave the directory.</summary>
    public static bool IsStepName(string name) =>
        name.StartsWith("step-", StringComparison.Ordinal) && name.Length is >= 11 and <= 14 && name.AsSpan(5).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>A checkpoint directory holding both models and the trainer state (the averaged model is checked on load).</summary>
    public static bool IsComplete(string dir) =>
        Directory.Exists(dir)
        && File.Exists(Path.Combine(dir, ModelFiles.DiscriminatorFile))
        && File.Exists(Path.Combine(dir, ModelFiles.GeneratorFile))
        && File.Exists(Path.Combine(dir, StateFile));

    /// <summary>Restores a trainer built with the run's config to the checkpoint's exact state.</summary>
    public static void Load(string checkpointDir, SganTrainer trainer)
    {
        ModelFiles.Load(Safetensors.Read(Path.Combine(checkpointDir, ModelFiles.DiscriminatorFile)), trainer.Discriminator);
        ModelFiles.Load(Safetensors.Read(Path.Combine(checkpointDir, ModelFiles.GeneratorFile)), trainer.Generator);
        if (trainer.AveragedDiscriminator() is { } averaged)
        {
            ModelFiles.Load(Safetensors.Read(Path.Combine(checkpointDir, ModelFiles.AveragedDiscriminatorFile)), averaged);
            trainer.Averaged!.CopyFrom([.. averaged.Parameters()]);
        }

        var state = Safetensors.Read(Path.Combine(checkpointDir, StateFile));
        foreach (var (prefix, adam) in Optimizers(trainer))
        {
            LoadOptimizer(state, prefix, adam);
        }

        if (trainer.Teacher is { } teacher)
        {
            for (var i = 0; i < teacher.Parameters.Count; i++)
            {
                ModelFiles.FiniteFloats(state, $"teacher.{i}", teacher.Parameters[i].Shape).CopyTo(teacher.Average(i), 0);
            }
        }

        var steps = state.GetInt64s("trainer.steps_done", [1])[0];
        if (steps is < 0 or > Limits.MaxSteps)
        {
            throw CheckpointFormatException.For(state.Path, $"trainer.steps_done is {steps}, outside 0–{Limits.MaxSteps:N0}");
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(checkpointDir));
        if (IsStepName(name) && long.Parse(name[5..], System.Globalization.CultureInfo.InvariantCulture) != steps)
        {
            throw CheckpointFormatException.For(state.Path, $"trainer.steps_done is {steps} but the checkpoint is {name}");
        }

        trainer.Rng.SetState(Array.ConvertAll(state.GetInt64s("rng.state", [4]), l => unchecked((ulong)l)));
        trainer.StepsDone = (int)steps;
    }

    /// <summary>The distinct Adam states: one for both discriminator updates when they share it.</summary>
    private static IEnumerable<(string Prefix, Adam Adam)> Optimizers(SganTrainer trainer) =>
        ReferenceEquals(trainer.SupervisedOptimizer, trainer.UnsupervisedOptimizer)
            ? [("optim.discriminator", trainer.SupervisedOptimizer), ("optim.generator", trainer.GeneratorOptimizer)]
            : [("optim.supervised", trainer.SupervisedOptimizer), ("optim.unsupervised", trainer.UnsupervisedOptimizer), ("optim.generator", trainer.GeneratorOptimizer)];

    private static void AddOptimizer(List<SafetensorsEntry> entries, string prefix, Adam adam)
    {
        entries.Add(SafetensorsEntry.I64($"{prefix}.step", [1], new long[] { adam.Step }));
        for (var i = 0; i < adam.Parameters.Count; i++)
        {
            var (m, v) = adam.Moments(i);
            entries.Add(SafetensorsEntry.F32($"{prefix}.{i}.m", adam.Parameters[i].Shape, m));
            entries.Add(SafetensorsEntry.F32($"{prefix}.{i}.v", adam.Parameters[i].Shape, v));
        }
    }

    private static void LoadOptimizer(SafetensorsFile file, string prefix, Adam adam)
    {
        var step = file.GetInt64s($"{prefix}.step", [1])[0];
        if (step is < 0 or > Limits.MaxSteps)
        {
            throw CheckpointFormatException.For(file.Path, $"{prefix}.step is {step}, outside 0–{Limits.MaxSteps:N0}");
        }

        adam.Step = step;
        for (var i = 0; i < adam.Parameters.Count; i++)
        {
            var (m, v) = adam.Moments(i);
            ModelFiles.FiniteFloats(file, $"{prefix}.{i}.m", adam.Parameters[i].Shape).CopyTo(m, 0);
            ModelFiles.FiniteFloats(file, $"{prefix}.{i}.v", adam.Parameters[i].Shape).CopyTo(v, 0);
        }
    }

    internal static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static void PruneExcept(string checkpointsDir, string keep, string? previous)
    {
        foreach (var dir in Directory.GetDirectories(checkpointsDir, "step-*"))
        {
            if (!string.Equals(Path.GetFullPath(dir), Path.GetFullPath(keep), StringComparison.Ordinal)
                && (previous is null || !string.Equals(Path.GetFullPath(dir), Path.GetFullPath(previous), StringComparison.Ordinal)))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
