using System.Runtime.InteropServices;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>
/// Nothing lost: a real training process killed with SIGKILL (no chance to checkpoint or flush) resumes from its
/// last complete checkpoint and finishes with exactly the metrics of a run that was never interrupted.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed partial class KillResumeTests
{
    private const int SigKill = 9;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void SigkilledRunResumesToTheSameMetrics()
    {
        using var temp = new TempDirectory();
        string[] options = [.. CliHarness.TinyRun.Select(a => a == "4" ? "12" : a)];
        var reference = temp.File("uninterrupted");
        Assert.AreEqual(0, CliHarness.Run([.. options, "--out", reference]).ExitCode);

        var killed = temp.File("killed");
        using (var process = CliHarness.StartProcess(options.Concat(["--out", killed])))
        {
            _ = process.StandardError.ReadToEndAsync();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("step 6/", StringComparison.Ordinal))
            {
            }

            Assert.IsNotNull(line, "the run ended before step 6");
            Assert.AreEqual(0, Kill(process.Id, SigKill));
            process.WaitForExit();
            Assert.AreEqual(128 + SigKill, process.ExitCode);
        }

        var files = new RunFiles(killed);
        var latest = TrainerCheckpoint.LatestDirectory(files.Checkpoints);
        Assert.IsNotNull(latest, "a complete checkpoint must survive the kill");
        Assert.IsFalse(File.Exists(files.Summary), "the killed run must not have finished");

        var resumed = CliHarness.Run("train", "--resume", killed);
        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        CollectionAssert.AreEqual(CliHarness.MetricsWithoutElapsed(new RunFiles(reference).Metrics), CliHarness.MetricsWithoutElapsed(files.Metrics));
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
