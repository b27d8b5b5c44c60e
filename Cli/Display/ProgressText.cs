using System.Globalization;
using Ssgan.Engine.Blas;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Display;

/// <summary>The wording shared by the plain and the live display, so logs and terminals read alike.</summary>
internal static class ProgressText
{
    public static string Start(TrainingRun run, bool resumed)
    {
        var t = run.Config.Training;
        var what = t.Baseline ? "supervised baseline" : "semi-supervised GAN";
        var verb = resumed ? $"resuming {run.Files.Root} at step {run.Trainer.StepsDone}" : $"training {run.Files.Root}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{verb}: {what}, {run.TotalSteps} steps ({run.StepsPerEpoch} per epoch), {t.Labels} labels, batch {t.Batch}, lr {t.LearningRate:G}, seed {t.Seed}, {Discriminator(t)}; BLAS {Blas.Describe()}");
    }

    private static string Discriminator(TrainingConfig t)
    {
        var preset = t.Preset ?? "-";
        return t.Architecture == Ssgan.Models.ModelConfig.Mlp
            ? $"preset {preset}, discriminator weight-normalised MLP (width {t.Width}){(t.FeatureMatching ? ", feature matching" : "")}"
            : string.Create(CultureInfo.InvariantCulture, $"preset {preset}, discriminator {t.DiscriminatorConvs} convs + dropout {t.Dropout:G}{(t.FeatureMatching ? ", feature matching" : "")}");
    }

    public static string Position(RunProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch}/{p.Epochs} elapsed {Clock(p.Elapsed)} eta {Clock(p.Remaining)} {p.StepsPerSecond:F2} steps/s");

    public static string Losses(StepLosses l)
    {
        static string F(float v) => float.IsNaN(v) ? "-" : v.ToString("F4", CultureInfo.InvariantCulture);
        return l.HasGan
            ? $"loss sup {F(l.Supervised)} real {F(l.Real)} fake {F(l.Fake)} gen {F(l.Generator)}"
            : $"loss sup {F(l.Supervised)}";
    }

    public static string Accuracy(double? accuracy) =>
        accuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $"test {a:P2}") : "test -";

    /// <summary>One plain line per evaluation or checkpoint.</summary>
    public static string EventLine(RunProgress p) => $"{Position(p)} | {Losses(p.Losses)} | {Accuracy(p.TestAccuracy)} | {p.Event}";

    public static string Summary(RunSummary s, string runDirectory) => string.Create(CultureInfo.InvariantCulture,
        $"done: test accuracy {s.TestAccuracy:P2}, {s.Steps} steps, wall time {Clock(TimeSpan.FromSeconds(s.WallSeconds))}, {s.MsPerStep:F1} ms/step, run {runDirectory}");

    public static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes:D2}:{t.Seconds:D2}";
}
