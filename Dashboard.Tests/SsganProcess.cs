using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ssgan.Dashboard.Tests;

/// <summary>The real `ssgan` executable (copied beside the tests) as a child process, output redirected.</summary>
internal static partial class SsganProcess
{
    /// <summary>A tiny run: seconds of training, evaluations and checkpoints every 10 steps, one core.</summary>
    public static readonly string[] TinyTrain =
        ["train", "--width", "8", "--steps", "40", "--eval-every", "10", "--checkpoint-every", "10", "--provider", "managed", "--threads", "1"];

    public static Process Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ssgan"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs to the end; fails the test with the output when the exit code is not 0.</summary>
    public static void Run(IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            Assert.Fail($"ssgan {string.Join(' ', args)} took longer than {timeout}");
        }

        Assert.AreEqual(0, process.ExitCode, $"ssgan {string.Join(' ', args)}\n{output.Result}\n{error.Result}");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+/")]
    public static partial Regex ServeAddress();
}

/// <summary>`ssgan serve DIR --port 0` running for a test class; the address is read from its first line.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static ServerProcess Start(string runsDirectory)
    {
        var process = SsganProcess.Start(["serve", runsDirectory, "--port", "0", "--provider", "managed", "--threads", "1"]);
        var first = process.StandardOutput.ReadLineAsync();
        if (!first.Wait(TimeSpan.FromSeconds(60)) || first.Result is not { } line || SsganProcess.ServeAddress().Match(line) is not { Success: true } match)
        {
            process.Kill();
            Assert.Fail($"ssgan serve printed no address: {(first.IsCompleted ? first.Result : "(nothing)")} {process.StandardError.ReadToEnd()}");
            throw new InvalidOperationException();
        }

        // Keep draining both pipes so the server never blocks on a full one.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new ServerProcess(process, new Uri(match.Value));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
