using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Display;

/// <summary>
/// For a terminal: three live lines (bar and step/epoch; elapsed, ETA and steps/s; latest losses, test accuracy and
/// last event). Our own lines rather than Spectre's progress columns: the elapsed time and ETA must include the time
/// before a resume, which only the run knows.
/// </summary>
internal sealed class LiveTrainingView(TextWriter output) : ITrainingView
{
    private const int BarWidth = 40;

    // Redrawing every step of a fast run would cost more than the step; ten frames a second read as live.
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(100);

    public RunSummary Show(TrainingRun run, bool resumed, Func<IProgress<RunProgress>, RunSummary> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.WriteLine(ProgressText.Start(run, resumed));
        var lastEvent = "";
        var sinceFrame = Stopwatch.StartNew();
        return console.Live(Frame(run.Trainer.StepsDone, run.TotalSteps, null, lastEvent))
            .AutoClear(false)
            .Start(context => train(new SyncProgress(p =>
            {
                if (p.Event is not null)
                {
                    lastEvent = $"step {p.Step}: {p.Event}";
                }

                if (p.Event is not null || p.Step == p.TotalSteps || sinceFrame.Elapsed >= FrameInterval)
                {
                    context.UpdateTarget(Frame(p.Step, p.TotalSteps, p, lastEvent));
                    context.Refresh();
                    sinceFrame.Restart();
                }
            })));
    }

    private static IRenderable Frame(int step, int total, RunProgress? p, string lastEvent)
    {
        var fraction = total > 0 ? (double)step / total : 0;
        var filled = (int)Math.Round(fraction * BarWidth);
        var bar = $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]";
        var percent = fraction.ToString("P1", CultureInfo.InvariantCulture);
        if (p is null)
        {
            return new Markup($"{bar} {Markup.Escape(percent)}  step {step}/{total}\nstarting…\n");
        }

        var timing = string.Create(CultureInfo.InvariantCulture,
            $"elapsed {ProgressText.Clock(p.Elapsed)} · ETA {ProgressText.Clock(p.Remaining)} · {p.StepsPerSecond:F2} steps/s");
        return new Rows(
            new Markup($"{bar} {Markup.Escape(percent)}  step {p.Step}/{p.TotalSteps} · epoch {p.Epoch}/{p.Epochs}"),
            new Text(timing),
            new Text($"{ProgressText.Losses(p.Losses)} · {ProgressText.Accuracy(p.TestAccuracy)}"),
            new Text(lastEvent.Length > 0 ? $"last: {lastEvent}" : ""),
            new Text(p.Step == p.TotalSteps && p.Event?.StartsWith("interrupted", StringComparison.Ordinal) != true
                ? "final accuracy on the training images…"
                : ""));
    }
}
