using Ssgan.Cli;
using Ssgan.Export;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Export;

/// <summary>`ssgan export` on one tiny run trained once for the class, and its bad inputs.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ExportCommandTests
{
    private static TempDirectory? temp;

    private static string RunDir => Path.Combine(temp!.Path, "run");

    private static string Checkpoint => TrainerCheckpoint.LatestDirectory(new RunFiles(RunDir).Checkpoints)!;

    [ClassInitialize]
    public static void TrainTinyRun(TestContext context)
    {
        temp = new TempDirectory();
        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", RunDir]);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
    }

    [ClassCleanup]
    public static void DeleteRun() => temp?.Dispose();

    [TestMethod]
    [DataRow("averaged")]
    [DataRow("raw")]
    public void Export_Run_OnnxRuntimeClassifiesTheTestSetAsEvaluateDoes(string weights)
    {
        using var scratch = new TempDirectory();
        var classifier = scratch.File("classifier.onnx");
        var generator = scratch.File("generator.onnx");

        var result = CliHarness.Run("export", RunDir, "--onnx", classifier, "--generator", generator, "--weights", weights);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Error);
        var source = ModelLocator.ResolveClassifier(RunDir, weights);
        StringAssert.Contains(result.Out, source);
        var ours = ModelFiles.LoadDiscriminator(source);
        using var session = OnnxRuntimeHarness.Session(File.ReadAllBytes(classifier));
        var (onnx, engine, maxDiff, _, _, _) = OnnxRuntimeHarness.Classify(session, ours, BundledMnist.Dataset.Test);
        CollectionAssert.AreEqual(Evaluation.Predict(ours, BundledMnist.Dataset.Test), onnx);
        CollectionAssert.AreEqual(engine, onnx);
        Assert.IsLessThanOrEqualTo(1e-4, maxDiff);
        using var generatorSession = OnnxRuntimeHarness.Session(File.ReadAllBytes(generator));
        Assert.AreEqual(OnnxExporter.LatentInput, generatorSession.InputMetadata.Keys.Single());
        Assert.IsFalse(Directory.EnumerateFiles(scratch.Path, "*.tmp").Any(), "no temporary file left behind");
    }

    [TestMethod]
    public void Export_RunWithNoCheckpoint_IsCheckpointError()
    {
        using var scratch = new TempDirectory();
        var empty = scratch.File("empty-run");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "config.json"), "{}");

        AssertOneLineError(ExitCodes.Checkpoint, "no checkpoints", "export", empty, "--onnx", scratch.File("x.onnx"));
        Assert.IsFalse(File.Exists(scratch.File("x.onnx")));
    }

    [TestMethod]
    public void Export_GeneratorGivenAsTheClassifier_IsCheckpointError() =>
        AssertOneLineError(ExitCodes.Checkpoint, "holds a generator", "export", Path.Combine(Checkpoint, ModelFiles.GeneratorFile), "--onnx", Path.Combine(temp!.Path, "x.onnx"));

    [TestMethod]
    public void Export_MetadataWidthBeyondTheTensors_IsCheckpointErrorBeforeAllocating()
    {
        using var scratch = new TempDirectory();
        var original = Safetensors.Read(Path.Combine(Checkpoint, ModelFiles.DiscriminatorFile));
        var metadata = original.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        metadata["width"] = "1000"; // within the width limit, so the check against the tensors is the one that answers
        var forged = scratch.File(ModelFiles.DiscriminatorFile);
        Safetensors.Write(forged, [.. original.Tensors.Select(t => SafetensorsEntry.F32(t.Name, t.Shape, t.Floats!))], metadata);

        AssertOneLineError(ExitCodes.Checkpoint, "but the sizes in its metadata need", "export", forged, "--onnx", scratch.File("x.onnx"));
    }

    [TestMethod]
    [DataRow("missing-dir/x.onnx", DisplayName = "directory missing")]
    [DataRow("", DisplayName = "the path is a directory")]
    public void Export_UnwritablePath_IsOutputError(string relative)
    {
        using var scratch = new TempDirectory();
        var path = relative == "" ? scratch.Path : scratch.File(relative);

        AssertOneLineError(ExitCodes.OutputDirectory, "cannot write the ONNX file", "export", RunDir, "--onnx", path);
        Assert.IsFalse(Directory.EnumerateFiles(scratch.Path, "*", SearchOption.AllDirectories).Any(), "nothing written");
    }

    private static void AssertOneLineError(int exitCode, string mentions, params string[] args)
    {
        var result = CliHarness.Run(args);

        Assert.AreEqual(exitCode, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines, result.ToString());
        StringAssert.StartsWith(result.Error, "error: ");
        Assert.Contains(mentions, result.Error);
        Assert.AreEqual("", result.Out);
    }
}
