using Ssgan.Training.Pictures;

namespace Ssgan.Training.Runs;

/// <summary>Which test accuracy a comparison draws for each run.</summary>
public enum ComparedWeights
{
    /// <summary>The averaged weights' accuracy, or the raw one for a run that kept no average.</summary>
    Averaged,

    Raw,

    /// <summary>Both, the raw curve dashed in the run's colour.</summary>
    Both,
}

/// <summary>
/// One run as a comparison sees it: its settings, its test-accuracy curves, and the numbers of its LAST evaluation
/// (not its best, which would flatter a run that declined).
/// </summary>
public sealed record ComparedRun(
    string Name,
    string Directory,
    string? Preset,
    bool Baseline,
    ulong Seed,
    int Labels,
    int StepsDone,
    int? LastEvaluationStep,
    double? FinalRaw,
    double? FinalAveraged,
    double? ElapsedSeconds,
    IReadOnlyList<(double X, double Y)> Raw,
    IReadOnlyList<(double X, double Y)> Averaged);

/// <summary>
/// `ssgan compare`: the learning curves (test accuracy against steps) of several runs in one picture, and their final
/// numbers as a table. Reads config.json and metrics.csv only; writes nothing but the picture.
/// </summary>
public static class RunComparison
{
    /// <summary>
    /// Reads every run, after checking their number; <paramref name="names"/> (one per run) replace the default names,
    /// the directories' own.
    /// </summary>
    public static List<ComparedRun> Read(IReadOnlyList<string> directories, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.Count is < 1 or > Limits.MaxComparedRuns)
        {
            throw new ArgumentException($"compare takes 1–{Limits.MaxComparedRuns} run directories, got {directories.Count}");
        }

        if (names is not null && names.Count != directories.Count)
        {
            throw new ArgumentException($"--labels gives {names.Count} names for {directories.Count} run directories; give one name per run, in order");
        }

        if (names?.FirstOrDefault(n => n.Trim().Length == 0) is not null)
        {
            throw new ArgumentException("--labels has an empty name; give one name per run, in order");
        }

        return [.. directories.Select((d, i) => ReadRun(d, names?[i].Trim() ?? DefaultName(d)))];
    }

    /// <summary>The directory's own name ("seed-s1" for runs/seed-s1/): what the user typed, and unique within one folder.</summary>
    public static string DefaultName(string directory) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));

    public static ComparedRun ReadRun(string directory, string name)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new RunSetupException(File.Exists(directory)
                ? $"{directory}: is a file, not a run directory"
                : $"{directory}: no such directory (expected a run directory holding config.json and metrics.csv)");
        }

        var files = new RunFiles(directory);
        var training = RunConfig.Load(files.Config).Training;
        if (!File.Exists(files.Metrics))
        {
            throw new RunSetupException($"{files.Metrics}: not found; the run has not written its metrics yet");
        }

        var rows = MetricsLog.ReadChecked(files.Metrics);
        List<(double X, double Y)> raw = [], averaged = [];
        double[]? lastEvaluation = null;
        foreach (var row in rows)
        {
            var r = MetricsLog.Cell(row, MetricsLog.TestAccuracyColumn);
            var a = MetricsLog.Cell(row, MetricsLog.AveragedAccuracyColumn);
            if (double.IsFinite(r))
            {
                raw.Add((row[MetricsLog.StepColumn], r));
            }

            if (double.IsFinite(a))
            {
                averaged.Add((row[MetricsLog.StepColumn], a));
            }

            lastEvaluation = double.IsFinite(r) || double.IsFinite(a) ? row : lastEvaluation;
        }

        var last = rows.Count > 0 ? rows[^1] : null;
        return new ComparedRun(
            name, directory, training.Preset, training.Baseline, training.Seed, training.Labels,
            StepsDone: last is null ? 0 : (int)last[MetricsLog.StepColumn],
            LastEvaluationStep: lastEvaluation is null ? null : (int)lastEvaluation[MetricsLog.StepColumn],
            FinalRaw: Finite(lastEvaluation, MetricsLog.TestAccuracyColumn),
            FinalAveraged: Finite(lastEvaluation, MetricsLog.AveragedAccuracyColumn),
            ElapsedSeconds: Finite(last, MetricsLog.ElapsedColumn),
            raw, averaged);
    }

    /// <summary>
    /// One colour per run. Legend entries say which weights and end with the last evaluation's accuracy, so the
    /// picture reads without the table.
    /// </summary>
    public static List<ChartSeries> Series(IReadOnlyList<ComparedRun> runs, ComparedWeights weights)
    {
        var series = new List<ChartSeries>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var hasAveraged = run.Averaged.Count > 0;
            if (weights != ComparedWeights.Raw && hasAveraged)
            {
                series.Add(new ChartSeries(Entry(run.Name, "averaged", run.FinalAveraged), run.Averaged) { Color = i });
            }

            if (weights != ComparedWeights.Averaged || !hasAveraged)
            {
                var dashed = weights == ComparedWeights.Both && hasAveraged;
                series.Add(new ChartSeries(Entry(run.Name, "raw", run.FinalRaw), run.Raw) { Color = i, Dashed = dashed });
            }
        }

        return series;
    }

    /// <summary>
    /// The chart, 800 px wide, its legend under the plot; y from the lowest accuracy drawn less 0.01, rounded down to
    /// a tenth, to 1.
    /// </summary>
    public static byte[] RenderPng(IReadOnlyList<ComparedRun> runs, ComparedWeights weights, string? title = null)
    {
        var series = Series(runs, weights);
        var lowest = series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(0).Min();
        var options = new LineChartOptions
        {
            Title = title ?? "Test accuracy (10,000 MNIST test images)",
            YLabel = "test accuracy",
            // A margin below the lowest curve, so a flat one (a baseline) does not run along the axis.
            YMin = Math.Max(0, Math.Floor((lowest - 0.01) * 10) / 10),
            YMax = 1,
            LegendBelow = true,
        };
        return LineChart.RenderPng(series, options);
    }

    /// <summary>Renders first, so a failure leaves no half-written picture.</summary>
    public static void Save(string path, IReadOnlyList<ComparedRun> runs, ComparedWeights weights, string? title = null) =>
        PictureCanvas.WriteFile(path, RenderPng(runs, weights, title));

    private static string Entry(string name, string weights, double? final) =>
        final is { } f ? $"{name}, {weights} ({f:P2})" : $"{name}, {weights}";

    private static double? Finite(double[]? row, int column) =>
        row is not null && double.IsFinite(MetricsLog.Cell(row, column)) ? MetricsLog.Cell(row, column) : null;
}
