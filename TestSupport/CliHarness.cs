using Ssgan.Cli;
using Ssgan.Training.Data;

namespace Ssgan.TestSupport;

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

    /// <summary><see cref="TinyRun"/> with one of its options set to another value.</summary>
    public static string[] TinyRunWith(string option, string value)
    {
        string[] args = [.. TinyRun];
        args[Array.IndexOf(args, option) + 1] = value;
        return args;
    }

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
    /// <param name="workingDirectory">Default: the test binaries' directory.</param>
    /// <param name="home">When given, the child's $HOME.</param>
    public static System.Diagnostics.Process StartProcess(IEnumerable<string> args, string? workingDirectory = null, string? home = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ssgan"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (home is not null)
        {
            start.Environment["HOME"] = home;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return System.Diagnostics.Process.Start(start)!;
    }

    /// <summary>Runs the real executable to its end (at most <paramref name="timeoutMs"/>) and returns what it printed.</summary>
    public static CliResult RunProcess(IEnumerable<string> args, string? workingDirectory = null, string? home = null, int timeoutMs = 120_000)
    {
        using var process = StartProcess(args, workingDirectory, home);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"ssgan {string.Join(' ', args)} did not finish within {timeoutMs} ms");
        }

        process.WaitForExit();
        return new CliResult(process.ExitCode, output.Result, error.Result);
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
