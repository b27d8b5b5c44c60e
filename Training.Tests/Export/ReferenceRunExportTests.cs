using Ssgan.Training.Data;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Export;

/// <summary>
/// The README's numbers: `ssgan export` of the committed reference runs' final checkpoints, ONNX Runtime's test
/// accuracy beside ours. Minutes of work at full width, so it runs only with SSGAN_REFERENCE_EXPORT=1.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ReferenceRunExportTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("sgan-seed1")]
    [DataRow("sgan-seed2")]
    [DataRow("sgan-2conv-seed1")]
    public void ReferenceRun_OnnxRuntimeAccuracyEqualsOurs(string run)
    {
        if (Environment.GetEnvironmentVariable("SSGAN_REFERENCE_EXPORT") != "1")
        {
            Assert.Inconclusive("set SSGAN_REFERENCE_EXPORT=1 to measure the reference runs");
        }

        var dir = Path.Combine(AssetDirectory.Find("benchmarks"), run);
        using var temp = new TempDirectory();
        var onnx = temp.File("classifier.onnx");
        var generator = temp.File("generator.onnx");
        var result = CliHarness.Run("export", dir, "--onnx", onnx, "--generator", generator);
        Assert.AreEqual(0, result.ExitCode, result.ToString());

        var source = global::Ssgan.Cli.ModelLocator.ResolveClassifier(dir, "averaged");
        var ours = ModelFiles.LoadDiscriminator(source);
        using var session = OnnxRuntimeHarness.Session(File.ReadAllBytes(onnx));
        var test = BundledMnist.Dataset.Test;
        var (byOnnx, byEngine, maxDiff, _, _, _) = OnnxRuntimeHarness.Classify(session, ours, test);
        var evaluate = Evaluation.Predict(ours, test);
        double Accuracy(int[] p) => (double)p.Where((c, i) => c == test.Labels[i]).Count() / test.Count;

        TestContext.WriteLine($"{run}: {Path.GetRelativePath(dir, source)}, {ours.Config.DiscriminatorConvs} convs; ours {Accuracy(evaluate):P2}, ONNX Runtime {Accuracy(byOnnx):P2}, "
            + $"{byOnnx.Where((c, i) => c != evaluate[i]).Count()} predictions differ, max |logit diff| {maxDiff:E2}; classifier.onnx {new FileInfo(onnx).Length:N0} bytes, generator.onnx {new FileInfo(generator).Length:N0} bytes");
        CollectionAssert.AreEqual(evaluate, byOnnx);
        CollectionAssert.AreEqual(byEngine, byOnnx);
        Assert.IsLessThanOrEqualTo(1e-4, maxDiff);
    }
}
