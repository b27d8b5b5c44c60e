using Ssgan.Engine;
using Ssgan.Models;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Runs;

namespace Ssgan.Training.Tests.Checkpoints;

[TestClass]
public sealed class ModelFilesTests
{
    private static readonly string[] GeneratorNames = ["fc.weight", "fc.bias", "up1.weight", "up1.bias", "up2.weight", "up2.bias", "out.weight", "out.bias"];
    private static readonly int[] Up1Shape = [8, 8, 4, 4];
    private static readonly int[] OutShape = [1, 8, 7, 7];
    private static readonly int[] FcShape = [8 * 7 * 7, 100];

    [TestMethod]
    public void RoundTripKeepsEveryWeightUnderPyTorchNames()
    {
        using var dir = new TempDirectory();
        var config = new ModelConfig { Width = 8 };
        var g = new Generator(config, new Rng(1));
        ModelFiles.Save(dir.File("generator.safetensors"), g, config, "generator");
        var file = Safetensors.Read(dir.File("generator.safetensors"));
        CollectionAssert.AreEquivalent(GeneratorNames, file.Tensors.Select(t => t.Name).ToArray());
        CollectionAssert.AreEqual(Up1Shape, file.ByName["up1.weight"].Shape, "ConvTranspose2d weight is [in, out, kh, kw]");
        CollectionAssert.AreEqual(OutShape, file.ByName["out.weight"].Shape, "Conv2d weight is [out, in, kh, kw]");
        CollectionAssert.AreEqual(FcShape, file.ByName["fc.weight"].Shape, "Dense weight is [out, in]");

        var loaded = ModelFiles.LoadGenerator(dir.File("generator.safetensors"));
        foreach (var ((_, a), (_, b)) in g.NamedParameters().Zip(loaded.NamedParameters()))
        {
            CollectionAssert.AreEqual(a.Data, b.Data);
        }
    }

    [TestMethod]
    public void ShapesThatDoNotMatchTheModelAreAOneLineError()
    {
        using var dir = new TempDirectory();
        var path = dir.File("discriminator.safetensors");
        var small = new Discriminator(new ModelConfig { Width = 8 }, new Rng(1));

        // Tensors of width 8 under metadata that announces width 16.
        ModelFiles.Save(path, small, new ModelConfig { Width = 16 }, "discriminator");
        var e = Assert.Throws<CheckpointFormatException>(() => ModelFiles.LoadDiscriminator(path));
        StringAssert.Contains(e.Message, "conv1.weight");
        StringAssert.Contains(e.Message, "[8, 1, 3, 3]");
        StringAssert.Contains(e.Message, "[16, 1, 3, 3]");
        Assert.DoesNotContain("\n", e.Message);
    }
}
