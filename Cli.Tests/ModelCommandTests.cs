using System.Text.Json;
using SkiaSharp;
using Ssgan.Cli;
using Ssgan.Training.Pictures;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Tests;

/// <summary>evaluate, generate and classify on one tiny run trained once for the class.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ModelCommandTests
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
    public void Evaluate_PrintsAccuracyPerClassAndMatrix_AndWritesThePngOnlyToOut()
    {
        var before = Directory.GetFiles(RunDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var result = CliHarness.Run("evaluate", RunDir);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.Contains("test accuracy:", result.Out);
        Assert.Contains("per-class accuracy:", result.Out);
        Assert.Contains("confusion matrix (rows: true digit", result.Out);
        Assert.DoesNotContain("confusion matrix image", result.Out);
        CollectionAssert.AreEqual(before, Directory.GetFiles(RunDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray(), "evaluate without --out writes nothing");

        using var scratch = new TempDirectory();
        var png = scratch.File("cm.png");
        Assert.AreEqual(ExitCodes.Success, CliHarness.Run("evaluate", RunDir, "--out", png).ExitCode);
        using var image = SKBitmap.Decode(png);
        Assert.IsNotNull(image);

        var mistakes = scratch.File("mistakes.png");
        var withMistakes = CliHarness.Run("evaluate", RunDir, "--mistakes", mistakes);
        Assert.AreEqual(ExitCodes.Success, withMistakes.ExitCode, withMistakes.ToString());
        Assert.Contains("mistakes", withMistakes.Error);
        using var grid = SKBitmap.Decode(mistakes);
        Assert.IsNotNull(grid, "the mistakes grid is a PNG");
    }

    [TestMethod]
    public void Evaluate_AKeptRunWithFinalWeightsOnly_ReadsThemThroughLatest()
    {
        // benchmarks/keep-run.sh keeps checkpoints/latest and the last checkpoint's model files, not the trainer state.
        using var scratch = new TempDirectory();
        var keptDir = scratch.File("kept");
        var last = Path.GetFileName(Checkpoint);
        Directory.CreateDirectory(Path.Combine(keptDir, "checkpoints", last));
        foreach (var file in new[] { "discriminator.safetensors", "discriminator-ema.safetensors", "generator.safetensors" })
        {
            var source = Path.Combine(Checkpoint, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(keptDir, "checkpoints", last, file));
            }
        }

        File.WriteAllText(Path.Combine(keptDir, "checkpoints", "latest"), last);
        Assert.IsNull(TrainerCheckpoint.LatestDirectory(Path.Combine(keptDir, "checkpoints")), "not resumable: no trainer state");

        var fromKept = CliHarness.Run("evaluate", keptDir, "--json");
        var fromRun = CliHarness.Run("evaluate", RunDir, "--json");
        Assert.AreEqual(ExitCodes.Success, fromKept.ExitCode, fromKept.ToString());
        using var kept = JsonDocument.Parse(fromKept.Out);
        using var run = JsonDocument.Parse(fromRun.Out);
        Assert.AreEqual(run.RootElement.GetProperty("confusion_matrix").GetRawText(), kept.RootElement.GetProperty("confusion_matrix").GetRawText(), "the same weights give the same evaluation");
        Assert.AreEqual(ExitCodes.Success, CliHarness.Run("generate", keptDir, "--out", scratch.File("grid.png")).ExitCode);
    }

    [TestMethod]
    public void Evaluate_Json_AgreesWithTheRunsOwnFinalAccuracy()
    {
        using var scratch = new TempDirectory();
        var png = scratch.File("cm.png");
        // The summary's test_accuracy is the raw weights' (the moving average's is test_accuracy_ema).
        var result = CliHarness.Run("evaluate", Checkpoint, "--json", "--out", png, "--weights", "raw");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var summary = JsonDocument.Parse(File.ReadAllText(new RunFiles(RunDir).Summary));
        Assert.AreEqual(summary.RootElement.GetProperty("test_accuracy").GetDouble(), doc.RootElement.GetProperty("test_accuracy").GetDouble(), 1e-9);
        Assert.AreEqual(10, doc.RootElement.GetProperty("confusion_matrix").GetArrayLength());
        Assert.AreEqual(10_000, doc.RootElement.GetProperty("confusion_matrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(v => v.GetInt32())));
        Assert.IsTrue(File.Exists(png));
    }

    [TestMethod]
    public void Checkpoint_RoundTrip_GivesIdenticalPredictions()
    {
        var test = BundledMnist.Dataset.Test;
        using var run = TrainingRun.Resume(RunDir, BundledMnist.Dataset);
        var fromCheckpoint = ModelFiles.LoadDiscriminator(Path.Combine(Checkpoint, ModelFiles.DiscriminatorFile));
        using var scratch = new TempDirectory();
        var copy = scratch.File(ModelFiles.DiscriminatorFile);
        ModelFiles.Save(copy, fromCheckpoint, fromCheckpoint.Config, "discriminator");

        var expected = Evaluation.Predict(run.Trainer.Discriminator, test);
        CollectionAssert.AreEqual(expected, Evaluation.Predict(fromCheckpoint, test));
        CollectionAssert.AreEqual(expected, Evaluation.Predict(ModelFiles.LoadDiscriminator(copy), test));
    }

    [TestMethod]
    public void Generate_WritesAGrid_ReproducibleBySeed()
    {
        using var scratch = new TempDirectory();
        string first = scratch.File("a.png"), second = scratch.File("b.png");

        var result = CliHarness.Run("generate", RunDir, "--count", "20", "--seed", "7", "--out", first);
        CliHarness.Run("generate", Checkpoint, "--count", "20", "--seed", "7", "--out", second);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        CollectionAssert.AreEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
        using var image = SKBitmap.Decode(first);
        var (width, height) = DigitGrid.Size(new DigitGridOptions { Rows = 2, Cols = 10 });
        Assert.AreEqual((width, height), (image.Width, image.Height));
        Assert.AreEqual(SKColors.White, image.GetPixel(0, 0), "white background");
    }

    [TestMethod]
    public void Generate_WithoutOut_IsAUsageError()
    {
        var result = CliHarness.Run("generate", RunDir);

        Assert.AreEqual(ExitCodes.Usage, result.ExitCode);
        Assert.HasCount(1, result.ErrorLines);
    }

    [TestMethod]
    public void Classify_Json_GivesADigitAndTenProbabilitiesPerImage()
    {
        using var scratch = new TempDirectory();
        var images = new[] { scratch.File("0.png"), scratch.File("1.png") };
        for (var i = 0; i < images.Length; i++)
        {
            DigitGrid.Save(images[i], BundledMnist.Dataset.Test.Image(i), new DigitGridOptions { Rows = 1, Cols = 1 });
        }

        var result = CliHarness.Run(["classify", RunDir, .. images, "--json"]);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.AreEqual(2, doc.RootElement.GetArrayLength());
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var p = item.GetProperty("probabilities").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.HasCount(10, p);
            Assert.AreEqual(1.0, p.Sum(), 1e-9);
            Assert.AreEqual(Array.IndexOf(p, p.Max()), item.GetProperty("digit").GetInt32());
        }
    }

    [TestMethod]
    public void Classify_Text_PrintsOneLinePerImage()
    {
        using var scratch = new TempDirectory();
        var image = scratch.File("7.png");
        DigitGrid.Save(image, BundledMnist.Dataset.Test.Image(0), new DigitGridOptions { Rows = 1, Cols = 1 });

        var result = CliHarness.Run("classify", Checkpoint, image);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Out, $"{image}: ");
        Assert.Contains("9:", result.Out);
    }

    [TestMethod]
    public void BadModelOrImage_OneLineErrorWithItsCode()
    {
        using var scratch = new TempDirectory();
        var notAnImage = scratch.File("notes.png");
        File.WriteAllText(notAnImage, "not a picture");
        var notSafetensors = scratch.File("discriminator.safetensors");
        File.WriteAllText(notSafetensors, "{ this is json, not safetensors }");

        Expect(ExitCodes.Image, CliHarness.Run("classify", RunDir, notAnImage), "cannot be decoded");
        Expect(ExitCodes.Image, CliHarness.Run("classify", RunDir, scratch.File("missing.png")), "no such image");
        Expect(ExitCodes.Checkpoint, CliHarness.Run("evaluate", notSafetensors), "discriminator.safetensors");
        var empty = Directory.CreateDirectory(scratch.File("empty")).FullName;
        Expect(ExitCodes.Checkpoint, CliHarness.Run("evaluate", empty), "no discriminator.safetensors");
        Expect(ExitCodes.Checkpoint, CliHarness.Run("evaluate", scratch.File("nothing-here")), "no such file");
        Expect(ExitCodes.Checkpoint, CliHarness.Run("evaluate", Path.Combine(Checkpoint, ModelFiles.GeneratorFile)), "generator.safetensors");
    }

    private static void Expect(int code, CliResult result, string mentions)
    {
        Assert.AreEqual(code, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines, result.ToString());
        StringAssert.StartsWith(result.Error, "error: ");
        Assert.Contains(mentions, result.Error);
    }
}
