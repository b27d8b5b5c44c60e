using System.Runtime.InteropServices;
using Ssgan.Cli;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>The real ssgan process and a real SIGTERM: the signal wiring cannot be tested in-process.</summary>
[TestClass]
[DoNotParallelize]
public sealed partial class SignalTests
{
    private const int SigTerm = 15;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void Sigterm_CheckpointsAndExitsWith143()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");
        using var process = CliHarness.StartProcess(CliHarness.TinyRun.Select(a => a == "4" ? "100000" : a).Concat(["--out", dir]));
        var stderr = process.StandardError.ReadToEndAsync();

        // The first checkpoint line proves training is under way; then stop it as a service manager would.
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("step 2/", StringComparison.Ordinal))
        {
        }

        Assert.IsNotNull(line, "the run ended before its first checkpoint");
        Assert.AreEqual(0, Kill(process.Id, SigTerm));
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.AreEqual(ExitCodes.Terminated, process.ExitCode, stderr.Result);
        Assert.Contains($"-c Release -- train --resume {dir}", stderr.Result);
        Assert.IsNotNull(TrainerCheckpoint.LatestDirectory(new RunFiles(dir).Checkpoints));
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
