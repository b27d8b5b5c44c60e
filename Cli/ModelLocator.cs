using Ssgan.Training.Runs;

namespace Ssgan.Cli;

/// <summary>
/// Accepts what a user naturally points at — a run directory, a checkpoint directory or the .safetensors file — and
/// finds the model file in it (for a run, in its latest checkpoint).
/// </summary>
internal static class ModelLocator
{
    /// <summary>
    /// The classifier to use: a file given by name as it is; in a run or checkpoint directory the averaged weights
    /// when <paramref name="weights"/> is "averaged" and the checkpoint has them, else the raw ones.
    /// </summary>
    public static string ResolveClassifier(string path, string weights)
    {
        var raw = Resolve(path, ModelFiles.DiscriminatorFile);
        if (File.Exists(path) || weights != "averaged")
        {
            return raw;
        }

        var averaged = Path.Combine(Path.GetDirectoryName(raw)!, ModelFiles.AveragedDiscriminatorFile);
        return File.Exists(averaged) ? averaged : raw;
    }

    /// <param name="path">RUN_DIR, CHECKPOINT_DIR (or a run's checkpoints/) or a model file.</param>
    /// <param name="fileName"><see cref="ModelFiles.DiscriminatorFile"/> or <see cref="ModelFiles.GeneratorFile"/>.</param>
    public static string Resolve(string path, string fileName)
    {
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new CliException(ExitCodes.Checkpoint, $"{path}: no such file or directory (expected a run directory, a checkpoint directory or {fileName})");
        }

        var direct = Path.Combine(path, fileName);
        if (File.Exists(direct))
        {
            return direct;
        }

        var checkpoints = new RunFiles(path).Checkpoints;
        foreach (var candidate in new[] { checkpoints, path })
        {
            if (TrainerCheckpoint.LatestWeightsDirectory(candidate) is { } latest && File.Exists(Path.Combine(latest, fileName)))
            {
                return Path.Combine(latest, fileName);
            }
        }

        throw new CliException(ExitCodes.Checkpoint, $"{path}: holds no {fileName} and no checkpoints/latest (not a run or checkpoint directory, or the run never reached a checkpoint)");
    }
}
