using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>What a running training reports after each step (and on evaluations and checkpoints).</summary>
public sealed record RunProgress(
    int Step,
    int TotalSteps,
    int Epoch,
    int Epochs,
    TimeSpan Elapsed,
    double StepsPerSecond,
    StepLosses Losses,
    double? TestAccuracy,
    string? Event)
{
    public TimeSpan Remaining => StepsPerSecond > 0 ? TimeSpan.FromSeconds((TotalSteps - Step) / StepsPerSecond) : TimeSpan.Zero;
}

/// <summary>The end of a run, as written to summary.json.</summary>
public sealed record RunSummary(
    double TestAccuracy,
    int Steps,
    double WallSeconds,
    double MsPerStep,
    string Provider,
    int Threads,
    ulong Seed,
    int Labels,
    bool Baseline,
    bool Completed,
    double? TrainAccuracy,
    IReadOnlyList<double> EpochTestAccuracy)
{
    /// <summary>The preset the run started from (null for runs made before presets).</summary>
    public string? Preset { get; init; }

    /// <summary>Final test accuracy of the averaged weights (runs with EMA).</summary>
    public double? TestAccuracyEma { get; init; }

    public IReadOnlyList<double>? EpochTestAccuracyEma { get; init; }
}
