using Ssgan.Training.Runs;

namespace Ssgan.Training.Tests.Runs;

/// <summary>What `compare` reads from a run: the LAST evaluation's numbers, the curves, and refusals that name the line.</summary>
[TestClass]
public sealed class RunComparisonTests
{
    [TestMethod]
    public void Read_FinalNumbersAreTheLastEvaluation_NotTheBest()
    {
        using var temp = new TempDirectory();
        var dir = HandWrittenRun.Write(temp.File("seed-s3"));

        var run = RunComparison.Read([dir])[0];

        Assert.AreEqual(("seed-s3", "seed", 3UL, 20, false), (run.Name, run.Preset, run.Seed, run.Labels, run.Baseline));
        Assert.AreEqual((7, (int?)6), (run.StepsDone, run.LastEvaluationStep));
        Assert.AreEqual(0.8765, run.FinalRaw, "step 6's, not step 4's best 0.91");
        Assert.AreEqual(0.8899, run.FinalAveraged, "step 6's, not step 4's best 0.93");
        Assert.AreEqual(3725.25, run.ElapsedSeconds, "the last row's, which is no evaluation");
        CollectionAssert.AreEqual(new[] { (2.0, 0.5), (4.0, 0.91), (6.0, 0.8765) }, run.Raw.ToArray());
        CollectionAssert.AreEqual(new[] { (2.0, 0.52), (4.0, 0.93), (6.0, 0.8899) }, run.Averaged.ToArray());
        string[] row = ["seed-s3", "seed", "3", "20", "7", "6", "87.65 %", "88.99 %", "1:02:05"];
        CollectionAssert.AreEqual(row, ComparisonTable.Rows([run])[0]);
    }

    [TestMethod]
    public void Read_ARunFromBeforeTheAveragedColumn_IsDrawnWithItsRawAccuracy()
    {
        using var temp = new TempDirectory();
        var rows = HandWrittenRun.Rows.Select(r => r[..r.LastIndexOf(',')]).ToArray();
        var dir = HandWrittenRun.Write(temp.File("old"), rows: rows, header: MetricsLog.Header[..MetricsLog.Header.LastIndexOf(',')]);

        var runs = RunComparison.Read([dir], ["old run"]);
        var series = RunComparison.Series(runs, ComparedWeights.Averaged);

        Assert.IsNull(runs[0].FinalAveraged);
        Assert.AreEqual(0.8765, runs[0].FinalRaw);
        Assert.HasCount(1, series);
        Assert.AreEqual("old run, raw (87.65 %)", series[0].Name);
        Assert.IsFalse(series[0].Dashed);
        Assert.AreEqual("—", ComparisonTable.Rows(runs)[0][7]);
    }

    [TestMethod]
    public void Series_FollowTheChosenWeights_OneColourPerRun()
    {
        using var temp = new TempDirectory();
        var runs = RunComparison.Read([HandWrittenRun.Write(temp.File("a")), HandWrittenRun.Write(temp.File("b"), baseline: true)]);

        var averaged = RunComparison.Series(runs, ComparedWeights.Averaged);
        var raw = RunComparison.Series(runs, ComparedWeights.Raw);
        var both = RunComparison.Series(runs, ComparedWeights.Both);

        string[] averagedNames = ["a, averaged (88.99 %)", "b, averaged (88.99 %)"], rawNames = ["a, raw (87.65 %)", "b, raw (87.65 %)"];
        CollectionAssert.AreEqual(averagedNames, averaged.Select(s => s.Name).ToArray());
        CollectionAssert.AreEqual(rawNames, raw.Select(s => s.Name).ToArray());
        CollectionAssert.AreEqual(new[] { (0, false), (0, true), (1, false), (1, true) }, both.Select(s => (s.Color ?? -1, s.Dashed)).ToArray());
        Assert.AreEqual("seed, baseline", ComparisonTable.Rows(runs)[1][1]);
    }

    [TestMethod]
    [DataRow(2, 7, "soon", "line 3 has test_accuracy 'soon', not a number", DisplayName = "accuracy not a number")]
    [DataRow(4, 7, "1.5", "line 5 (step 4) has test_accuracy 1.5, outside 0–1", DisplayName = "accuracy above 1")]
    [DataRow(6, 9, "-0.1", "line 7 (step 6) has test_accuracy_ema -0.1, outside 0–1", DisplayName = "averaged accuracy negative")]
    [DataRow(3, 0, "2", "line 4 has step 2, not a whole number after the previous row's 2", DisplayName = "step repeated")]
    [DataRow(5, 8, "-3", "line 6 (step 5) has elapsed_seconds -3, below 0", DisplayName = "elapsed negative")]
    public void Read_DamagedMetrics_IsRefusedNamingTheLine(int step, int column, string value, string mentions)
    {
        using var temp = new TempDirectory();
        var rows = (string[])HandWrittenRun.Rows.Clone();
        var cells = rows[step - 1].Split(',');
        cells[column] = value;
        rows[step - 1] = string.Join(',', cells);
        var dir = HandWrittenRun.Write(temp.File("run"), rows: rows);

        var e = Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([dir]));

        Assert.Contains(mentions, e.Message);
    }

    [TestMethod]
    [DataRow("step,epoch,loss", DisplayName = "another header")]
    [DataRow("", DisplayName = "empty file")]
    public void Read_NotOurMetrics_IsRefused(string header)
    {
        using var temp = new TempDirectory();
        var dir = HandWrittenRun.Write(temp.File("run"), rows: [], header: header);

        var e = Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([dir]));

        Assert.Contains("is not metrics.csv's", e.Message);
    }

    [TestMethod]
    public void Read_ARowOfAnotherWidth_IsRefused()
    {
        using var temp = new TempDirectory();
        var dir = HandWrittenRun.Write(temp.File("run"), rows: [HandWrittenRun.Rows[0], "2,1,2.2"]);

        var e = Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([dir]));

        Assert.Contains("line 3 has 3 cells, the header 10", e.Message);
    }

    [TestMethod]
    public void Read_ALastLineStillBeingWritten_IsLeftOut()
    {
        using var temp = new TempDirectory();
        var dir = HandWrittenRun.Write(temp.File("run"));
        File.AppendAllText(new RunFiles(dir).Metrics, "8,1,1.6,0.");

        Assert.AreEqual(7, RunComparison.Read([dir])[0].StepsDone);
    }

    [TestMethod]
    public void Read_CountsAreCheckedBeforeAnyRunIsRead()
    {
        var missing = Enumerable.Range(0, Limits.MaxComparedRuns + 1).Select(i => $"/nonexistent/run-{i}").ToArray();

        var tooMany = Assert.ThrowsExactly<ArgumentException>(() => RunComparison.Read(missing));
        var names = Assert.ThrowsExactly<ArgumentException>(() => RunComparison.Read(missing[..3], ["a", "b"]));
        var none = Assert.ThrowsExactly<ArgumentException>(() => RunComparison.Read([]));

        Assert.Contains($"takes 1–{Limits.MaxComparedRuns} run directories, got {Limits.MaxComparedRuns + 1}", tooMany.Message);
        Assert.Contains("--labels gives 2 names for 3 run directories", names.Message);
        Assert.Contains("got 0", none.Message);
    }

    [TestMethod]
    public void Read_NotARun_IsRunSetupException()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("empty"));
        File.WriteAllText(temp.File("file"), "");
        var noMetrics = HandWrittenRun.Write(temp.File("no-metrics"));
        File.Delete(new RunFiles(noMetrics).Metrics);

        Assert.Contains("no such directory", Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([temp.File("gone")])).Message);
        Assert.Contains("is a file, not a run directory", Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([temp.File("file")])).Message);
        Assert.Contains("is this a run directory?", Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([temp.File("empty")])).Message);
        Assert.Contains("not found; the run has not written its metrics yet", Assert.ThrowsExactly<RunSetupException>(() => RunComparison.Read([noMetrics])).Message);
    }
}
