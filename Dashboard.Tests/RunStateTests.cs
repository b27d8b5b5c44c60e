using Ssgan.Cli.Serve;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Dashboard.Tests;

/// <summary>The state the runs list shows, from what a run directory holds (and who holds its .lock).</summary>
[TestClass]
public sealed class RunStateTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void State_FollowsTheFilesOfTheRun_AndAHeldLockMeansRunning()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ssgan-dash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var files = new RunFiles(dir);
            new RunConfig
            {
                Training = new TrainingConfig { Preset = "seed", Steps = 40, Labels = 20, Seed = 7 },
                DataDirectory = "bundled",
                Provider = "managed",
                Threads = 1,
                BlasDescription = "",
                Versions = new Dictionary<string, string>(),
                Machine = "",
                Created = DateTimeOffset.UnixEpoch,
            }.Save(files.Config);
            File.WriteAllText(files.Metrics, MetricsLog.Header + "\n1,1,2.3,0.1,0.7,0.7,0.69,,0.5,\n2,1,2.2,0.1,0.7,0.7,0.69,0.25,0.9,\n");
            Assert.AreEqual("running", RunCatalog.Describe("r", dir).State, "just started");
            File.SetLastWriteTimeUtc(files.Config, DateTime.UtcNow - TimeSpan.FromHours(1));
            File.SetLastWriteTimeUtc(files.Metrics, DateTime.UtcNow - TimeSpan.FromHours(1));

            var stopped = RunCatalog.Describe("r", dir);
            Assert.AreEqual("stopped", stopped.State);
            Assert.AreEqual((2, 40, "seed", 20, 7UL), (stopped.StepsDone, stopped.TotalSteps, stopped.Preset, stopped.Labels, stopped.Seed));
            Assert.AreEqual(0.25, stopped.Accuracy);
            Assert.IsFalse(stopped.AccuracyIsFinal);

            // A trainer that holds its lock exclusively is running, however long since its last row.
            using (new FileStream(Path.Combine(dir, ".lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                Assert.AreEqual("running", RunCatalog.Describe("r", dir).State);
            }

            Assert.AreEqual("stopped", RunCatalog.Describe("r", dir).State, "a lock file nobody holds");
            File.WriteAllText(files.Diagnostics, "{}");
            Assert.AreEqual("diverged", RunCatalog.Describe("r", dir).State);
            File.WriteAllText(files.Summary, """{ "test_accuracy": 0.5 }""");
            var finished = RunCatalog.Describe("r", dir);
            Assert.AreEqual(("finished", 0.5, true), (finished.State, finished.Accuracy, finished.AccuracyIsFinal));
            File.SetLastWriteTimeUtc(files.Metrics, DateTime.UtcNow);
            File.Delete(files.Summary);
            Assert.AreEqual("running", RunCatalog.Describe("r", dir).State, "metrics written a moment ago");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
