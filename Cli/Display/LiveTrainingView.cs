using Spectre.Console;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Display;

/// <summary>For a terminal: a live bar with step, epoch, elapsed, ETA, steps/s, latest losses and test accuracy.</summary>
internal sealed class LiveTrainingView(TextWriter output) : ITrainingView
{
    public RunSummary Show(TrainingRun run, bool resumed, Func<IProgress<RunProgress>, RunSummary> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.MarkupLine(Markup.Escape(ProgressText.Start(run, resumed)));
        string? lastEvent = null;
        return console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"step {run.Trainer.StepsDone}/{run.TotalSteps}"), maxValue: run.TotalSteps);
                task.Value = run.Trainer.StepsDone;
                return train(new SyncProgress(p =>
                {
                    lastEvent = p.Event ?? lastEvent;
                    task.Value = p.Step;
                    task.Description = Markup.Escape(
                        $"{ProgressText.Position(p)}\n{ProgressText.Losses(p.Losses)} | {ProgressText.Accuracy(p.TestAccuracy)} | {lastEvent}");
                }));
            });
    }
}
