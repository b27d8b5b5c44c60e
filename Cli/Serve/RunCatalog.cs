using System.Globalization;
using System.Text.Json;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Serve;

/// <summary>One row of the runs list; <see cref="Error"/> is set (and most else empty) for a directory that is not a readable run.</summary>
internal sealed record RunInfo(
    string Name,
    string? Error,
    string? Preset,
    int? Labels,
    ulong? Seed,
    int StepsDone,
    int? TotalSteps,
    string State,
    double? Accuracy,
    bool AccuracyIsFinal,
    string? Checkpoint,
    int[] SampleEpochs);

/// <summary>
/// Reads what each run directory says about itself, without writing anything: the run directories are the store.
/// A run is "running" when its metrics or latest checkpoint changed within <see cref="RecentWindow"/> or its
/// .lock file is held by another process; otherwise finished (summary.json), diverged (diagnostics.json) or stopped.
/// </summary>
internal static class RunCatalog
{
    /// <summary>
    /// Longer than the quiet spells of a live run (an evaluation of the 10,000 test images and a checkpoint between
    /// two metrics rows of a full-width model on two busy cores), shorter than a user waits to see "stopped".
    /// </summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(60);

    /// <summary>MNIST's training images, which decide the total steps of a run given in epochs.</summary>
    private const int TrainingImages = 60_000;

    public static List<RunInfo> List(RunsRoot root)
    {
        var runs = new List<RunInfo>();
        foreach (var entry in Directory.EnumerateDirectories(root.FullPath).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.'))
            {
                continue;
            }

            runs.Add(root.Run(name) is { } dir ? Describe(name, dir) : Broken(name, root.RefusalFor(name) ?? "unreadable"));
        }

        return runs;
    }

    public static RunInfo Describe(string name, string directory)
    {
        try
        {
            var files = new RunFiles(directory);
            var config = RunConfig.Load(files.Config).Training;
            var rows = MetricsTable.Tail(files.Metrics);
            var stepsDone = rows.Count > 0 ? (int)(rows[^1][0] ?? 0) : 0;
            var (accuracy, final) = Accuracy(files, rows);
            var latest = TrainerCheckpoint.LatestDirectory(files.Checkpoints);
            return new RunInfo(name, null, config.Preset, config.Labels, config.Seed, stepsDone, config.TotalSteps(TrainingImages),
                State(files), accuracy, final, latest is null ? null : Path.GetFileName(latest), SampleEpochs(files));
        }
        catch (Exception e)
        {
            // Whatever a damaged directory throws, the list still shows every other run.
            return Broken(name, ErrorReport.OneLine(e.Message));
        }
    }

    private static RunInfo Broken(string name, string error) => new(name, error, null, null, null, 0, null, "error", null, false, null, []);

    private static string State(RunFiles files)
    {
        // config.json too: a run that has just started is still loading MNIST, before its first metrics row.
        var changed = new[] { files.Config, files.Metrics, Path.Combine(files.Checkpoints, "latest") }
            .Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        if (IsLocked(Path.Combine(files.Root, ".lock")) || (DateTime.UtcNow - changed < RecentWindow && !File.Exists(files.Summary)))
        {
            return "running";
        }

        return File.Exists(files.Summary) ? "finished" : File.Exists(files.Diagnostics) ? "diverged" : "stopped";
    }

    /// <summary>
    /// Opening read-only with sharing asks .NET for a shared flock, which fails while a trainer holds the exclusive
    /// one; nothing is written. Missing file: not locked.
    /// </summary>
    private static bool IsLocked(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>summary.json's final accuracy (the averaged weights' when the run had them), else the latest evaluation.</summary>
    private static (double? Value, bool Final) Accuracy(RunFiles files, List<double?[]> rows)
    {
        if (File.Exists(files.Summary))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(files.Summary));
            foreach (var key in new[] { "test_accuracy_ema", "test_accuracy" })
            {
                if (doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    return (v.GetDouble(), true);
                }
            }
        }

        for (var i = rows.Count - 1; i >= 0; i--)
        {
            if ((rows[i][MetricsTable.AveragedAccuracy] ?? rows[i][MetricsTable.TestAccuracy]) is { } latest)
            {
                return (latest, false);
            }
        }

        return (null, false);
    }

    private static int[] SampleEpochs(RunFiles files)
    {
        if (!Directory.Exists(files.Samples))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(files.Samples, "epoch-*.png")
            .Select(f => Path.GetFileNameWithoutExtension(f)["epoch-".Length..])
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : -1)
            .Where(e => e >= 0)
            .Order()];
    }
}
