using SkiaSharp;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>`ssgan compare`: the table's numbers are each run's last evaluation, the picture is written and drawn, errors are one line with their code.</summary>
[TestClass]
public sealed class CompareCommandTests
{
    [TestMethod]
    public void Compare_PrintsTheLastEvaluation_AndDrawsEveryRun()
    {
        using var temp = new TempDirectory();
        var a = HandWrittenRun.Write(temp.File("seed-s3"));
        // Lower curves than the first run's, so neither hides the other.
        var lower = HandWrittenRun.Rows.Select(r => r.Replace(",0.", ",0.0", StringComparison.Ordinal)).ToArray();
        var b = HandWrittenRun.Write(temp.File("base-s4"), seed: 4, baseline: true, rows: lower);
        var before = RunFixtures.Snapshot(temp.Path);
        var png = temp.File("out/compare.png");

        var result = CliHarness.Run("compare", a, b, "--out", png);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.MatchesRegex(@"^seed-s3 +seed +3 +20 +7 +6 +87\.65 % +88\.99 % +1:02:05$", lines[1]);
        Assert.MatchesRegex(@"^base-s4 +seed, baseline +4 +20 +7 +6 +8\.7[67] % +8\.90 % +1:02:05$", lines[2]);
        Assert.DoesNotContain("91.00 %", result.Out, "step 4's raw accuracy is the best, not the last");
        Assert.DoesNotContain("93.00 %", result.Out, "step 4's averaged accuracy is the best, not the last");
        Assert.Contains($"wrote {png} (2 runs, averaged weights)", result.Out);
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(temp.Path).Where(f => !f.StartsWith(png, StringComparison.Ordinal)).ToArray(), "the runs are only read");

        using var bitmap = SKBitmap.Decode(png) ?? throw new AssertFailedException($"{png} did not decode");
        Assert.AreEqual((800, 500 + 20 + 16), (bitmap.Width, bitmap.Height), "both legend entries in one row under the plot");
        Assert.IsGreaterThan(200, Pixels(bitmap, new SKColor(0x1f, 0x77, 0xb4)), "the first run's curve and swatch");
        Assert.IsGreaterThan(200, Pixels(bitmap, new SKColor(0xff, 0x7f, 0x0e)), "the second run's");
    }

    [TestMethod]
    public void Compare_Labels_AndAnExistingOutputIsReplacedAsGeneratesIs()
    {
        using var temp = new TempDirectory();
        var a = HandWrittenRun.Write(temp.File("a"));
        var png = temp.File("compare.png");
        File.WriteAllText(png, "old");

        var result = CliHarness.Run("compare", a, "--out", png, "--labels", "my run", "--both", "--title", "One run");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.StartsWith("my run ", result.Out.Split('\n')[1]);
        Assert.Contains("(1 runs, both weights)", result.Out);
        using var bitmap = SKBitmap.Decode(png) ?? throw new AssertFailedException($"{png} did not decode");
        Assert.AreEqual(800, bitmap.Width);
    }

    [TestMethod]
    [DataRow("missing", ExitCodes.OutputDirectory, "no such directory", DisplayName = "run directory missing")]
    [DataRow("empty", ExitCodes.OutputDirectory, "not found; is this a run directory?", DisplayName = "directory that is not a run")]
    [DataRow("damaged", ExitCodes.OutputDirectory, "line 5 has test_accuracy 'x', not a number", DisplayName = "metrics.csv damaged")]
    [DataRow("labels", ExitCodes.Usage, "--labels gives 1 names for 2 run directories", DisplayName = "--labels count")]
    [DataRow("modes", ExitCodes.Usage, "--averaged, --raw and --both exclude each other; got --raw and --both", DisplayName = "two curve choices")]
    [DataRow("too-many", ExitCodes.Usage, "compare takes 1–20 run directories, got 21", DisplayName = "21 runs")]
    [DataRow("out-dir", ExitCodes.OutputDirectory, "is a directory; give a PNG file name", DisplayName = "--out is a directory")]
    [DataRow("out-in-run", ExitCodes.OutputDirectory, "compare never writes into a run", DisplayName = "--out inside a run")]
    [DataRow("no-out", ExitCodes.Usage, "--out", DisplayName = "--out missing")]
    public void Compare_BadInput_OneLineErrorAndItsCode(string problem, int code, string mentions)
    {
        using var temp = new TempDirectory();
        var good = HandWrittenRun.Write(temp.File("good"));
        var png = temp.File("compare.png");
        string[] args = problem switch
        {
            "missing" => [good, temp.File("missing")],
            "empty" => [good, Directory.CreateDirectory(temp.File("empty")).FullName],
            "damaged" => [good, Damaged(temp.File("damaged"))],
            "labels" => [good, good, "--labels", "one"],
            "modes" => [good, "--raw", "--both"],
            "too-many" => [.. Enumerable.Repeat(good, 21)],
            "out-dir" => [good, "--out", temp.Path],
            "out-in-run" => [good, "--out", Path.Combine(good, "curves-compared.png")],
            _ => [good],
        };
        string[] output = problem is "out-dir" or "out-in-run" or "no-out" ? [] : ["--out", png];
        var before = RunFixtures.Snapshot(good);

        var result = CliHarness.Run(["compare", .. args, .. output]);

        Assert.AreEqual(code, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines, result.Error);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains(mentions, result.Error);
        Assert.IsFalse(File.Exists(png), "nothing written");
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(good));
    }

    [TestMethod]
    public void Help_ListsCompare_AndItsOptions()
    {
        var root = CliHarness.Run("--help");
        var compare = CliHarness.Run("compare", "--help");

        Assert.AreEqual(ExitCodes.Success, root.ExitCode);
        Assert.MatchesRegex(@"(?m)^\s+compare\s", root.Out);
        Assert.AreEqual(ExitCodes.Success, compare.ExitCode);
        foreach (var option in new[] { "RUN_DIR", "--out", "--title", "--averaged", "--raw", "--both", "--labels" })
        {
            Assert.Contains(option, compare.Out);
        }
    }

    private static string Damaged(string dir)
    {
        var rows = (string[])HandWrittenRun.Rows.Clone();
        rows[3] = rows[3].Replace("0.91", "x", StringComparison.Ordinal);
        return HandWrittenRun.Write(dir, rows: rows);
    }

    private static int Pixels(SKBitmap bitmap, SKColor color)
    {
        var n = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                n += Math.Abs(c.Red - color.Red) + Math.Abs(c.Green - color.Green) + Math.Abs(c.Blue - color.Blue) < 60 ? 1 : 0;
            }
        }

        return n;
    }
}
