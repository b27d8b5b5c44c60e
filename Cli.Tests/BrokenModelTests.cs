using SkiaSharp;
using Ssgan.Models;
using Ssgan.Training.Pictures;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>
/// No result from a broken model: evaluate, classify and generate refuse non-finite weights, sizes over their
/// limits, metadata that disagrees with the tensors, a model without MNIST's ten classes and files that are not
/// regular files, each with exit 4 and one line, before building anything.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class BrokenModelTests
{
    private static TempDirectory? temp;

    private static string Trained => Path.Combine(temp!.Path, "trained");

    private static string Image => Path.Combine(temp!.Path, "digit.png");

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        temp = new TempDirectory();
        RunFixtures.Train(Trained);
        DigitGrid.Save(Image, BundledMnist.Dataset.Test.Image(0), new DigitGridOptions { Rows = 1, Cols = 1 });
    }

    [ClassCleanup]
    public static void Delete() => temp?.Dispose();

    [TestMethod]
    [DataRow("evaluate", ModelFiles.DiscriminatorFile, "conv2.weight", float.NaN, DisplayName = "evaluate, NaN weight")]
    [DataRow("classify", ModelFiles.DiscriminatorFile, "fc.bias", float.PositiveInfinity, DisplayName = "classify, Inf weight")]
    [DataRow("generate", ModelFiles.GeneratorFile, "out.weight", float.NegativeInfinity, DisplayName = "generate, -Inf weight")]
    public void NonFiniteWeights_AreExit4(string command, string file, string tensor, float value)
    {
        var model = Broken(file, path => RunFixtures.RewriteTensor(path, tensor, floats: f => f[1] = value));

        ForceTests.Expect(ExitCodes.Checkpoint, RunCommand(command, model), $"tensor '{tensor}' holds a non-finite value");
    }

    [TestMethod]
    [DataRow("evaluate", ModelFiles.DiscriminatorFile, "width", "5000", "metadata width is '5000', expected a whole number 1–1024", DisplayName = "discriminator width 5000")]
    [DataRow("generate", ModelFiles.GeneratorFile, "latent_size", "1000000", "metadata latent_size is '1000000', expected a whole number 1–4096", DisplayName = "generator latent 1,000,000")]
    [DataRow("classify", ModelFiles.DiscriminatorFile, "classes", "0", "metadata classes is '0'", DisplayName = "classes 0")]
    [DataRow("evaluate", ModelFiles.DiscriminatorFile, "image_size", "100000", "metadata image_size is '100000'", DisplayName = "image size 100,000")]
    [DataRow("evaluate", ModelFiles.DiscriminatorFile, "width", "16", "tensor 'conv1.weight' has shape [8, 1, 3, 3], expected [16, 1, 3, 3]", DisplayName = "metadata disagrees with the tensors")]
    [DataRow("generate", ModelFiles.GeneratorFile, "latent_size", "9", "tensor 'fc.weight' has shape", DisplayName = "generator metadata disagrees with the tensors")]
    public void SizesOverTheirLimitsOrDisagreeingWithTheTensors_AreExit4(string command, string file, string key, string value, string mentions)
    {
        var model = Broken(file, path => RunFixtures.RewriteMetadata(path, key, value));

        ForceTests.Expect(ExitCodes.Checkpoint, RunCommand(command, model), mentions);
    }

    [TestMethod]
    [DataRow("evaluate", DisplayName = "evaluate, 5 classes")]
    [DataRow("classify", DisplayName = "classify, 5 classes")]
    public void AConsistentFiveClassModel_IsExit4(string command)
    {
        using var scratch = new TempDirectory();
        var model = scratch.File(ModelFiles.DiscriminatorFile);
        var config = new ModelConfig { Classes = 5, Width = 8 };
        ModelFiles.Save(model, new Discriminator(config, new Engine.Rng(1)), config, "discriminator");

        ForceTests.Expect(ExitCodes.Checkpoint, RunCommand(command, model), "the model has 5 classes; MNIST digits need 10");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    [DataRow("evaluate", DisplayName = "evaluate, a FIFO as the model")]
    [DataRow("generate", DisplayName = "generate, a FIFO as the model")]
    public void AFifoAsTheModel_IsExit4_WithoutBlocking(string command)
    {
        using var scratch = new TempDirectory();
        var fifo = RunFixtures.Fifo(scratch.File(command == "generate" ? ModelFiles.GeneratorFile : ModelFiles.DiscriminatorFile));

        ForceTests.Expect(ExitCodes.Checkpoint, RunCommand(command, fifo), "is a FIFO (named pipe), not a regular file");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    [DataRow("fifo", "is a FIFO (named pipe), not a regular file", DisplayName = "classify a FIFO")]
    [DataRow("/dev/zero", "is a character device, not a regular file", DisplayName = "classify /dev/zero")]
    [DataRow("truncated", "does not decode completely", DisplayName = "classify a truncated PNG")]
    [DataRow("grey", "the image is blank", DisplayName = "classify a flat grey image")]
    public void ImagesThatAreNotAWholeDigit_AreExit8(string kind, string mentions)
    {
        using var scratch = new TempDirectory();
        var image = scratch.File("digit.png");
        switch (kind)
        {
            case "fifo":
                RunFixtures.Fifo(image);
                break;
            case "truncated":
                File.WriteAllBytes(image, File.ReadAllBytes(Image)[..^((int)new FileInfo(Image).Length / 2)]);
                break;
            case "grey":
                using (var bitmap = new SKBitmap(40, 40))
                {
                    bitmap.Erase(new SKColor(128, 128, 128));
                    File.WriteAllBytes(image, bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
                }

                break;
            default:
                image = kind;
                break;
        }

        ForceTests.Expect(ExitCodes.Image, CliHarness.Run("classify", Trained, image), mentions);
    }

    [TestMethod]
    public void Evaluate_Json_WritesNoFile()
    {
        var before = RunFixtures.Snapshot(Trained);

        var result = CliHarness.Run("evaluate", Trained, "--json");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.Contains("\"image\": null", result.Out);
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(Trained));
    }

    /// <summary>A copy of the run's latest model file, damaged by <paramref name="damage"/>.</summary>
    private static string Broken(string file, Action<string> damage)
    {
        var dir = Directory.CreateDirectory(Path.Combine(temp!.Path, "broken-" + Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(dir, file);
        File.Copy(Path.Combine(RunFixtures.Checkpoint(Trained, 4), file), path);
        damage(path);
        return path;
    }

    private static CliResult RunCommand(string command, string model) => command switch
    {
        "evaluate" => CliHarness.Run("evaluate", model),
        "classify" => CliHarness.Run("classify", model, Image),
        _ => CliHarness.Run("generate", model, "--out", Path.Combine(temp!.Path, "never.png")),
    };
}
