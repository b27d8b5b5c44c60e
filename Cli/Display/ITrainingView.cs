using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

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
    private StepLosses last;

    public void Report(RunProgress value)
    {
        // The run's "interrupted" report carries no step of its own (default losses); show the last step's instead.
        if (value.Losses == default)
        {
            value = value with { Losses = last };
        }

        last = value.Losses;
        report(value);
    }
}
