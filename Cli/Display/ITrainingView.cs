using Ssgan.Training.Runs;

namespace Ssgan.Cli.Display;

/// <summary>Shows a training run while <c>train</c> (which takes the progress sink) runs to its summary.</summary>
internal interface ITrainingView
{
    RunSummary Show(TrainingRun run, bool resumed, Func<IProgress<RunProgress>, RunSummary> train);
}

/// <summary>
/// Calls back on the reporting thread. System's Progress&lt;T&gt; would post to the thread pool, so lines could
/// arrive after the run ended and out of order.
/// </summary>
internal sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
{
    public void Report(RunProgress value) => report(value);
}
