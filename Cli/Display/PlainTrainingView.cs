using Ssgan.Training.Runs;

namespace Ssgan.Cli.Display;

/// <summary>For redirected output (logs, CI): a start line and one line per evaluation or checkpoint.</summary>
internal sealed class PlainTrainingView(TextWriter output) : ITrainingView
{
    public RunSummary Show(TrainingRun run, bool resumed, Func<IProgress<RunProgress>, RunSummary> train)
    {
        output.WriteLine(ProgressText.Start(run, resumed));
        output.Flush();
        return train(new SyncProgress(p =>
        {
            if (p.Event is not null)
            {
                output.WriteLine(ProgressText.EventLine(p));
                output.Flush();
            }
        }));
    }
}
