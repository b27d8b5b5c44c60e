using Ssgan.Engine.Optim;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>
/// Everything needed to continue a run exactly: both models (PyTorch-loadable files) and, with EMA, the averaged
/// discriminator, the optimizers' moments and step counters, the random generator's state and the step count. Each checkpoint is a directory
/// written under a temporary name and renamed when complete; <c>latest</c> (itself replaced atomically) names
/// the newest, and the previous one is kept until the new one is in place.
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

    /// <summary>The newest complete checkpoint directory, or null if none.</summary>
    public static string? LatestDirectory(string checkpointsDir)
    {
        var pointer = Path.Combine(checkpointsDir, LatestFile);
        if (!File.Exists(pointer))
        {
            return null;
        }

        var dir = Path.Combine(checkpointsDir, File.ReadAllText(pointer).Trim());
        return Directory.Exists(dir) ? dir : null;
    }

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

        trainer.Rng.SetState(Array.ConvertAll(state.GetInt64s("rng.state", [4]), l => unchecked((ulong)l)));
        trainer.StepsDone = checked((int)state.GetInt64s("trainer.steps_done", [1])[0]);
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
        adam.Step = file.GetInt64s($"{prefix}.step", [1])[0];
        for (var i = 0; i < adam.Parameters.Count; i++)
        {
            var (m, v) = adam.Moments(i);
            file.GetFloats($"{prefix}.{i}.m", adam.Parameters[i].Shape).CopyTo(m, 0);
            file.GetFloats($"{prefix}.{i}.v", adam.Parameters[i].Shape).CopyTo(v, 0);
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
