using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.TestSupport;

/// <summary>
/// A run directory written by hand (config.json and metrics.csv, no checkpoints): its numbers are known exactly,
/// and making one costs no training.
/// </summary>
internal static class HandWrittenRun
{
    /// <summary>
    /// Evaluations at steps 2, 4 and 6 of 7; the BEST is step 4's (raw 0.91, averaged 0.93), the LAST step 6's
    /// (raw 0.8765, averaged 0.8899), so a reader that picks the best gives other numbers.
    /// </summary>
    public static readonly string[] Rows =
    [
        "1,1,2.3,0.1,0.7,0.7,0.69,,0.5,",
        "2,1,2.2,0.1,0.7,0.7,0.69,0.5,1.0,0.52",
        "3,1,2.1,0.2,0.7,0.7,0.69,,1.5,",
        "4,1,2.0,0.3,0.7,0.7,0.69,0.91,2.0,0.93",
        "5,1,1.9,0.4,0.7,0.7,0.69,,2.5,",
        "6,1,1.8,0.5,0.7,0.7,0.69,0.8765,3.0,0.8899",
        "7,1,1.7,0.6,0.7,0.7,0.69,,3725.25,",
    ];

    /// <summary>Writes the run into <paramref name="dir"/> and returns it.</summary>
    /// <param name="rows">metrics.csv's rows after the header; default <see cref="Rows"/>.</param>
    /// <param name="header">Default <see cref="MetricsLog.Header"/>.</param>
    public static string Write(string dir, ulong seed = 3, bool baseline = false, string[]? rows = null, string? header = null)
    {
        Directory.CreateDirectory(dir);
        var files = new RunFiles(dir);
        new RunConfig
        {
            Training = TrainingPresets.Get(TrainingPresets.Seed) with { Steps = 7, Labels = 20, Seed = seed, Baseline = baseline },
            DataDirectory = "bundled",
            Provider = "managed",
            Threads = 1,
            BlasDescription = "",
            Versions = new Dictionary<string, string>(),
            Machine = "",
            Created = DateTimeOffset.UnixEpoch,
        }.Save(files.Config);
        File.WriteAllText(files.Metrics, string.Join('\n', [header ?? MetricsLog.Header, .. rows ?? Rows]) + "\n");
        return dir;
    }
}
