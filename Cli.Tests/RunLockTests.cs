using System.Runtime.InteropServices;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>
/// One writer per run: while a real training process writes a run, a second `train --resume` or `--out R --force`
/// is refused with exit 5 and touches nothing; once that process is killed, the OS has dropped its lock.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed partial class RunLockTests
{
    private const int SigKill = 9;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void SecondWriter_IsRefused_AndAKilledWritersLockIsGone()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");
        string[] longRun = [.. CliHarness.TinyRunWith("--steps", "100000"), "--out", dir];
        using (var process = CliHarness.StartProcess(longRun))
        {
            _ = process.StandardError.ReadToEndAsync();

            // Should step 4 never come, the process is killed and the loop below ends instead of waiting forever.
            using var watchdog = new Timer(_ => process.Kill(), null, 120_000, Timeout.Infinite);
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("step 4/", StringComparison.Ordinal))
            {
            }

            Assert.IsNotNull(line, "the run ended before step 4");
            var files = new RunFiles(dir);
            var configBefore = File.ReadAllText(files.Config);

            var resume = CliHarness.Run("train", "--resume", dir);
            var force = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir, "--force"]);

            Assert.AreEqual(0, Kill(process.Id, SigKill));
            process.WaitForExit();
            ForceTests.Expect(ExitCodes.OutputDirectory, resume, "another process is writing this run");
            ForceTests.Expect(ExitCodes.OutputDirectory, force, "another process is writing this run");
            Assert.AreEqual(configBefore, File.ReadAllText(files.Config), "the running run's config.json is untouched");
            Assert.IsTrue(Directory.Exists(files.Checkpoints));
        }

        Assert.IsTrue(File.Exists(Path.Combine(dir, RunLock.FileName)), "the lock file stays behind");
        using var taken = RunLock.Acquire(dir);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
