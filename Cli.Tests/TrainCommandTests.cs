using System.Text.Json;
using Ssgan.Cli;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>`ssgan train` end to end on tiny runs (sequential: the BLAS selection is process-wide).</summary>
[TestClass]
[DoNotParallelize]
public sealed class TrainCommandTests
{
    [TestMethod]
    public void Train_WritesEveryFileOfARun()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir]);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        var files = new RunFiles(dir);
        foreach (var path in new[] { files.Config, files.Metrics, files.Curves, files.Summary, files.SampleFor(1) })
        {
            Assert.IsTrue(File.Exists(path), $"missing {path}");
        }

        var latest = TrainerCheckpoint.LatestDirectory(files.Checkpoints);
        Assert.AreEqual("step-000004", Path.GetFileName(latest));
        foreach (var name in new[] { ModelFiles.DiscriminatorFile, ModelFiles.GeneratorFile, TrainerCheckpoint.StateFile })
        {
            Assert.IsTrue(File.Exists(Path.Combine(latest!, name)), $"missing {name}");
        }

        Assert.HasCount(5, File.ReadAllLines(files.Metrics), "header and one row per step");
        var config = RunConfig.Load(files.Config);
        Assert.AreEqual("managed", config.Provider);
        Assert.AreEqual(1, config.Threads);
        Assert.IsTrue(config.Versions.ContainsKey("dotnet"));
        StringAssert.StartsWith(result.Out, "training ");
        Assert.Contains("done: test accuracy", result.Out);
        Assert.Contains($"run {dir}", result.Out);
        Assert.AreEqual("", result.Error);
    }

    [TestMethod]
    public void Baseline_TrainsTheClassifierOnlyAndDrawsNoSampleGrids()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--baseline", "--out", dir]);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        var files = new RunFiles(dir);
        Assert.IsFalse(File.Exists(files.SampleFor(1)), "the baseline's generator is never trained");
        Assert.IsTrue(File.Exists(files.Summary));
        StringAssert.Contains(result.Out, "supervised baseline");
    }

    [TestMethod]
    public void FeatureMatching_OnTheConvPreset_IsRecordedAndNamed()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--feature-matching", "--out", dir]);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, "2 convs + dropout 0, feature matching");
        var training = JsonDocument.Parse(File.ReadAllText(new RunFiles(dir).Config)).RootElement.GetProperty("training");
        Assert.IsTrue(training.GetProperty("feature_matching").GetBoolean());
        Assert.AreEqual("conv", training.GetProperty("architecture").GetString());
    }

    [TestMethod]
    public void Baseline_OfTheImprovedPreset_TrainsItsMlpAlone()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");

        var result = CliHarness.Run(["train", "--preset", "improved", "--baseline", "--steps", "4", "--batch", "8", "--labels", "10", "--width", "16", "--eval-every", "2", "--provider", "managed", "--threads", "1", "--out", dir]);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, "supervised baseline");
        StringAssert.Contains(result.Out, "weight-normalised MLP");
        Assert.IsFalse(File.Exists(new RunFiles(dir).SampleFor(1)), "the baseline's generator is never trained");
    }

    [TestMethod]
    public void Resume_AfterInterruptionAtStep2_MatchesAnUninterruptedRun()
    {
        using var temp = new TempDirectory();
        string a = temp.File("a"), b = temp.File("b");
        Assert.AreEqual(ExitCodes.Success, CliHarness.Run([.. CliHarness.TinyRun, "--out", a]).ExitCode);

        // Ctrl-C as the step-2 checkpoint line appears: the run stops before step 3 and points at --resume.
        var stopped = CliHarness.Run(
            (line, interruption) =>
            {
                if (line.StartsWith("step 2/4", StringComparison.Ordinal))
                {
                    interruption.Request(ExitCodes.Interrupted, "test");
                }
            },
            [.. CliHarness.TinyRun, "--out", b]);
        Assert.AreEqual(ExitCodes.Interrupted, stopped.ExitCode, stopped.ToString());
        Assert.Contains($"-c Release -- train --resume {b}", stopped.Error);
        Assert.AreEqual("step-000002", Path.GetFileName(TrainerCheckpoint.LatestDirectory(new RunFiles(b).Checkpoints)));
        Assert.IsFalse(File.Exists(new RunFiles(b).Summary), "an interrupted run has no summary");

        var resumed = CliHarness.Run("train", "--resume", b);

        Assert.AreEqual(ExitCodes.Success, resumed.ExitCode, resumed.ToString());
        Assert.Contains("resuming", resumed.Out);
        CollectionAssert.AreEqual(WithoutElapsed(new RunFiles(a).Metrics), WithoutElapsed(new RunFiles(b).Metrics));
    }

    [TestMethod]
    public void Resume_WithTrainingOptions_IsRefused()
    {
        using var temp = new TempDirectory();
        var result = CliHarness.Run("train", "--resume", temp.Path, "--lr", "0.1", "--seed", "3");

        Assert.AreEqual(ExitCodes.Usage, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines);
        Assert.Contains("remove --lr, --seed", result.Error);
    }

    [TestMethod]
    public void Resume_OfADirectoryWithoutARun_IsAnOutputDirectoryError()
    {
        using var temp = new TempDirectory();
        var result = CliHarness.Run("train", "--resume", temp.Path);

        Assert.AreEqual(ExitCodes.OutputDirectory, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines);
        StringAssert.StartsWith(result.Error, "error: ");
    }

    private static string[] WithoutElapsed(string metricsPath) => CliHarness.MetricsWithoutElapsed(metricsPath);
}
