using System.Text.Json;

namespace Ssgan.Cli.Tests;

[TestClass]
[DoNotParallelize]
public sealed class SummaryAndBenchCommandTests
{
    [TestMethod]
    public void SummaryPrintsTheSeedArticlesTotalsByDefaultAndDrawsDiagrams()
    {
        using var dir = new TempDirectory();
        var r = CliHarness.Run("summary", "--png", dir.Path);
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        StringAssert.Contains(r.Out, "Total params: 211,594");
        StringAssert.Contains(r.Out, "Total params: 1,164,289");
        StringAssert.Contains(r.Out, "Non-trainable params: 211,594");
        Assert.DoesNotContain("Dropout", r.Out, "the seed article's discriminator has no dropout");
        var three = CliHarness.Run("summary", "--preset", "conv3-dropout");
        Assert.AreEqual(0, three.ExitCode, three.ToString());
        StringAssert.Contains(three.Out, "Total params: 316,938");
        StringAssert.Contains(three.Out, "Dropout");
        foreach (var name in new[] { "classifier", "discriminator", "generator", "composite" })
        {
            Assert.IsTrue(File.Exists(dir.File(name + ".png")), name);
        }
    }

    [TestMethod]
    public void BenchReportsEveryFieldAsJson()
    {
        var r = CliHarness.Run("bench", "--steps", "1", "--eval-runs", "1", "--json", "--layers");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        foreach (var field in new[] { "step_ms_median", "step_gflop", "gflops", "sgemm_peak_gflops", "eval_seconds", "peak_rss_mb", "alloc_bytes_per_step", "provider", "threads" })
        {
            Assert.IsTrue(root.TryGetProperty(field, out _), $"missing {field} in {r.Out}");
        }

        Assert.AreEqual(58.414, root.GetProperty("step_gflop").GetDouble(), 1e-3, "the default (seed) preset's step");
        Assert.IsGreaterThan(0, root.GetProperty("step_ms_median").GetDouble());
        Assert.IsTrue(root.GetProperty("layers_ms_per_step").TryGetProperty("ConvTranspose2d[128→128,k4]+LeakyReLU fwd", out _), r.Out);
        Assert.IsTrue(root.GetProperty("eval_layers_ms").TryGetProperty("Conv2d[128→128,k3]+LeakyReLU fwd", out _), r.Out);
        Assert.AreEqual(1, root.GetProperty("eval_runs").GetInt32());
        Assert.Contains("winograd", root.GetProperty("kernels").GetString()!, "by default every path the provider has");
    }

    [TestMethod]
    public void BenchTurnsKernelPathsOffByName()
    {
        var r = CliHarness.Run("bench", "--steps", "1", "--eval-runs", "1", "--json", "--provider", "managed", "--without", "winograd", "in-place");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        Assert.AreEqual("managed, im2col", doc.RootElement.GetProperty("kernels").GetString());
        var bad = CliHarness.Run("bench", "--without", "fast");
        Assert.AreEqual(2, bad.ExitCode, bad.ToString());
    }

    [TestMethod]
    public void BenchRefusesNonPositiveSteps()
    {
        var r = CliHarness.Run("bench", "--steps", "0");
        Assert.AreEqual(2, r.ExitCode, r.ToString());
        StringAssert.StartsWith(r.Error, "error: --steps must be positive (got 0)");
        var e = CliHarness.Run("bench", "--eval-runs", "0");
        Assert.AreEqual(2, e.ExitCode, e.ToString());
        StringAssert.StartsWith(e.Error, "error: --eval-runs must be positive (got 0)");
    }
}
