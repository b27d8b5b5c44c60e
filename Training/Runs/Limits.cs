using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>
/// The stated upper bounds on every size read from an option, config.json or a model file, checked before anything
/// is allocated from it. MNIST needs far less: width 128, latent 100, 10 classes, 28×28, batch 100, 12,000 steps.
/// </summary>
public static class Limits
{
    public const int MaxWidth = 1024;
    public const int MaxLatent = 4096;
    public const int MaxClasses = 1000;
    public const int MaxImageSize = 256;
    public const int MaxBatch = 10_000;
    public const int MaxSteps = 100_000_000;
    public const int MaxEpochs = 100_000;
    public const int MaxLabels = 1_000_000;

    /// <summary>Runs drawn in one comparison: 20 curves (40 with raw and averaged) are as many as a picture keeps apart.</summary>
    public const int MaxComparedRuns = 20;

    /// <summary>Largest metrics.csv read whole (12,000 steps make about 1 MB).</summary>
    public const long MaxMetricsBytes = 256L * 1024 * 1024;

    /// <summary>Threads for the BLAS provider: at most this many per core.</summary>
    public const int ThreadsPerCore = 4;

    public static int MaxThreads => ThreadsPerCore * Environment.ProcessorCount;

    /// <summary>One ArgumentException naming every value over its limit (the config's own Validate checks the rest).</summary>
    public static void Check(TrainingConfig c)
    {
        var errors = new List<string>();
        void Range(string name, long value, long min, long max)
        {
            if (value < min || value > max)
            {
                errors.Add($"{name} must be {min}–{max:N0} (got {value})");
            }
        }

        Range("width", c.Width, 1, MaxWidth);
        Range("latent", c.LatentSize, 1, MaxLatent);
        Range("classes", c.Classes, 2, MaxClasses);
        Range("batch", c.Batch, 2, MaxBatch);
        Range("steps", c.Steps, 0, MaxSteps);
        Range("epochs", c.Epochs, 0, MaxEpochs);
        Range("labels", c.Labels, 1, MaxLabels);
        Range("eval-every", c.EvalEvery, 0, MaxSteps);
        Range("checkpoint-every", c.CheckpointEvery, 0, MaxSteps);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }
    }

    /// <summary>Total steps for a training set, checked against <see cref="MaxSteps"/> without overflowing.</summary>
    public static void CheckTotalSteps(TrainingConfig c, int trainingImages)
    {
        var total = c.Steps > 0 ? c.Steps : (long)c.Epochs * Math.Max(1, trainingImages / c.Batch);
        if (total > MaxSteps)
        {
            throw new ArgumentException($"{c.Epochs} epochs of {Math.Max(1, trainingImages / c.Batch)} steps make {total:N0} steps, more than the {MaxSteps:N0} allowed");
        }
    }
}
