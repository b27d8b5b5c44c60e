using System.Text.Json.Nodes;
using Ssgan.Training.Data;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>
/// `train --resume` finds its checkpoint or refuses: never a silent restart from step 0 over a run's history, never
/// another data set, never an internal error on a damaged config.json, state file or metrics.csv.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ResumeSafetyTests
{
    private static TempDirectory? temp;

    private static string Trained => Path.Combine(temp!.Path, "trained");

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        temp = new TempDirectory();
        RunFixtures.Train(Trained);
    }

    [ClassCleanup]
    public static void Delete() => temp?.Dispose();

    [TestMethod]
    [DataRow("step-000099", "names step-000099, which is missing or incomplete", DisplayName = "latest names a missing step")]
    [DataRow("../../elsewhere", "not a step-NNNNNN directory", DisplayName = "latest points outside the run")]
    [DataRow(null, "latest is missing", DisplayName = "latest deleted")]
    public void UnusableLatest_FallsBackToTheNewestCompleteCheckpoint_AndSaysSo(string? latest, string problem)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var files = new RunFiles(dir);
        var expectedMetrics = StepsAndLosses(files.Metrics);
        Directory.Delete(RunFixtures.Checkpoint(dir, 4), recursive: true);
        var pointer = Path.Combine(files.Checkpoints, "latest");
        if (latest is null)
        {
            File.Delete(pointer);
        }
        else
        {
            File.WriteAllText(pointer, latest);
        }

        var result = CliHarness.Run("train", "--resume", dir);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.Contains(problem, result.Error);
        Assert.Contains("resuming from the newest complete checkpoint, step-000002", result.Error);
        Assert.Contains("resuming", result.Out);
        CollectionAssert.AreEqual(expectedMetrics, StepsAndLosses(files.Metrics), "steps 3 and 4 were trained again, 1 and 2 kept");
    }

    [TestMethod]
    [DataRow("checkpoints", DisplayName = "checkpoints/ deleted")]
    [DataRow("complete", DisplayName = "no complete checkpoint left")]
    public void NoUsableCheckpoint_OverAHistory_IsExit4_AndNothingIsTouched(string damage)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var files = new RunFiles(dir);
        if (damage == "checkpoints")
        {
            Directory.Delete(files.Checkpoints, recursive: true);
        }
        else
        {
            File.Delete(Path.Combine(RunFixtures.Checkpoint(dir, 2), ModelFiles.GeneratorFile));
            File.Delete(Path.Combine(RunFixtures.Checkpoint(dir, 4), TrainerCheckpoint.StateFile));
        }

        var before = RunFixtures.Snapshot(dir);
        var result = CliHarness.Run("train", "--resume", dir);

        ForceTests.Expect(ExitCodes.Checkpoint, result, "refusing to start it over from step 0");
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(dir));
    }

    [TestMethod]
    [DataRow(1L << 40, "trainer.steps_done is 1099511627776", DisplayName = "steps_done 2^40")]
    [DataRow(-4L, "trainer.steps_done is -4", DisplayName = "steps_done negative")]
    [DataRow(3L, "trainer.steps_done is 3 but the checkpoint is step-000004", DisplayName = "steps_done disagrees with its directory")]
    public void StateWithImpossibleStepCount_IsExit4(long steps, string mentions)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        RunFixtures.RewriteTensor(Path.Combine(RunFixtures.Checkpoint(dir, 4), TrainerCheckpoint.StateFile), "trainer.steps_done", longs: l => l[0] = steps);

        ForceTests.Expect(ExitCodes.Checkpoint, CliHarness.Run("train", "--resume", dir), mentions);
    }

    [TestMethod]
    [DataRow(ModelFiles.DiscriminatorFile, "conv1.weight", DisplayName = "NaN in the discriminator")]
    [DataRow(ModelFiles.GeneratorFile, "up1.weight", DisplayName = "NaN in the generator")]
    [DataRow(TrainerCheckpoint.StateFile, "optim.generator.0.v", DisplayName = "NaN in Adam's moments")]
    public void NonFiniteWeights_AreRefusedOnResume(string file, string tensor)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        RunFixtures.RewriteTensor(Path.Combine(RunFixtures.Checkpoint(dir, 4), file), tensor, floats: f => f[3] = float.NaN);

        ForceTests.Expect(ExitCodes.Checkpoint, CliHarness.Run("train", "--resume", dir), $"tensor '{tensor}' holds a non-finite value (NaN) at index 3");
    }

    [TestMethod]
    [DataRow("training", null, "\"training\" is missing or null", DisplayName = "config.json training null")]
    [DataRow("classes", 0, "classes must be 2–1,000 (got 0)", DisplayName = "config.json classes 0")]
    [DataRow("width", 5000, "width must be 1–1,024 (got 5000)", DisplayName = "config.json width 5000")]
    [DataRow("steps", -4, "steps must be 0–100,000,000 (got -4)", DisplayName = "config.json steps negative")]
    public void DamagedConfig_IsExit5(string key, int? value, string mentions)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var path = new RunFiles(dir).Config;
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        if (key == "training")
        {
            json["training"] = null;
        }
        else
        {
            json["training"]![key] = value;
        }

        File.WriteAllText(path, json.ToJsonString());

        ForceTests.Expect(ExitCodes.OutputDirectory, CliHarness.Run("train", "--resume", dir), mentions);
    }

    [TestMethod]
    [DataRow("", DisplayName = "metrics.csv elapsed cell empty")]
    [DataRow("soon", DisplayName = "metrics.csv elapsed cell not a number")]
    public void DamagedMetricsRow_IsExit5(string elapsed)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var files = new RunFiles(dir);
        Directory.Delete(RunFixtures.Checkpoint(dir, 4), recursive: true);
        File.WriteAllText(Path.Combine(files.Checkpoints, "latest"), "step-000002");
        var lines = File.ReadAllLines(files.Metrics);
        var cells = lines[1].Split(',');
        cells[8] = elapsed;
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(files.Metrics, lines);
        var before = RunFixtures.Snapshot(dir);

        ForceTests.Expect(ExitCodes.OutputDirectory, CliHarness.Run("train", "--resume", dir), $"line 2 (step 1) has elapsed_seconds '{elapsed}'");
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(dir));
    }

    [TestMethod]
    public void OtherData_IsRefused_UnlessItsHashesMatch()
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var bundled = MnistFiles.FindBundledDirectory();
        var same = Directory.CreateDirectory(scratch.File("same")).FullName;
        var other = Directory.CreateDirectory(scratch.File("other")).FullName;
        foreach (var name in new[] { MnistFiles.TrainImages, MnistFiles.TrainLabels, MnistFiles.TestImages, MnistFiles.TestLabels })
        {
            File.Copy(Path.Combine(bundled, name + ".gz"), Path.Combine(same, name + ".gz"));
            var raw = IdxFiles.Gunzip(Path.Combine(bundled, name + ".gz"));
            if (name == MnistFiles.TestImages)
            {
                raw[^1] ^= 0xFF; // one pixel of one test image
            }

            File.WriteAllBytes(Path.Combine(other, name), raw);
        }

        var refused = CliHarness.Run("train", "--resume", dir, "--data", other);
        var accepted = CliHarness.Run("train", "--resume", dir, "--data", same);

        ForceTests.Expect(ExitCodes.Data, refused, $"{MnistFiles.TestImages} has SHA-256");
        Assert.AreEqual(ExitCodes.Success, accepted.ExitCode, accepted.ToString());
        Assert.Contains("already finished", accepted.Out);
    }

    [TestMethod]
    public void OldRunWithoutDataHashes_ResumesWithAWarning()
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var path = new RunFiles(dir).Config;
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.IsTrue(json.Remove("data_sha256"), "new runs record their data's hashes");
        File.WriteAllText(path, json.ToJsonString());

        var result = CliHarness.Run("train", "--resume", dir);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.Contains("records no SHA-256 of its data", result.Error);
    }

    /// <summary>Each row's step, epoch, losses and test accuracy (the columns before elapsed_seconds).</summary>
    private static string[] StepsAndLosses(string metrics) =>
        [.. File.ReadAllLines(metrics).Select(line => string.Join(',', line.Split(',').Take(MetricsLog.ElapsedColumn)))];
}
