using Ssgan.Cli;
using Ssgan.Training.Data;
using Ssgan.Training.Tests.Data;

namespace Ssgan.Training.Tests.Cli;

/// <summary>What a command printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>
/// Runs the CLI in-process with captured writers, no signal handling, and the bundled MNIST shared across tests
/// (an explicit --data still goes through the real loader, so its errors are tested).
/// </summary>
internal static class CliHarness
{
    /// <summary>The options of a tiny, deterministic run: seconds, not hours.</summary>
    public static readonly string[] TinyRun =
        ["train", "--steps", "4", "--batch", "8", "--labels", "10", "--width", "8", "--latent", "8", "--eval-every", "2", "--checkpoint-every", "2", "--provider", "managed", "--threads", "1"];

    public static CliResult Run(params string[] args) => Run(onLine: null, args);

    /// <param name="onLine">Sees each line written to stdout, with the interruption it may request (as Ctrl-C would).</param>
    public static CliResult Run(Action<string, Interruption>? onLine, params string[] args)
    {
        using var interruption = new Interruption(handleSignals: false);
        using var output = new WatchingWriter(line => onLine?.Invoke(line, interruption));
        using var error = new StringWriter();
        var session = new CliSession(output, error, Interactive: false, interruption, LoadData);
        var code = CliApp.Run(args, session);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The real `ssgan` executable as a child process, output redirected (for real signals).</summary>
    public static System.Diagnostics.Process StartProcess(IEnumerable<string> args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ssgan"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return System.Diagnostics.Process.Start(start)!;
    }

    /// <summary>metrics.csv without its elapsed-seconds column, which is the only one allowed to differ between runs.</summary>
    public static string[] MetricsWithoutElapsed(string metricsPath)
    {
        // Found by name: it is no longer the last column since the moving average's accuracy was added after it.
        var lines = File.ReadAllLines(metricsPath);
        var column = Array.IndexOf(lines[0].Split(','), "elapsed_seconds");
        Assert.IsGreaterThanOrEqualTo(0, column, $"{metricsPath} has no elapsed_seconds column: {lines[0]}");
        return [.. lines.Select(line => string.Join(',', line.Split(',').Where((_, i) => i != column)))];
    }

    private static MnistDataset LoadData(string? directory) => directory is null ? BundledMnist.Dataset : DataSource.Load(directory);

    private sealed class WatchingWriter(Action<string> onLine) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            onLine(value ?? "");
        }
    }
}
