using Ssgan.Engine.Nn;
using Ssgan.Export;
using Ssgan.Export.Onnx;
using Ssgan.Models;

namespace Ssgan.Training.Tests.Export;

/// <summary>
/// The exported graphs at full width (128) with random weights and biases, run by ONNX Runtime against our engine:
/// the discriminators of both presets on the 10,000 test images, the generator on 100 latent points.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(2, 0f, DisplayName = "seed preset: 2 convs, no dropout")]
    [DataRow(3, 0.4f, DisplayName = "conv3-dropout preset: 3 convs, dropout 0.4")]
    public void Classifier_OnnxRuntimeAgreesWithOurEngine_OnTheTestSet(int convs, float dropout)
    {
        var d = new Discriminator(new ModelConfig { DiscriminatorConvs = convs, Dropout = dropout }, new Engine.Rng(42));
        RandomizeBiases(d, seed: 7);
        using var session = OnnxRuntimeHarness.Session(OnnxExporter.Classifier(d));
        var (onnx, ours, maxDiff, maxProbError, onnxTime, ourTime) = OnnxRuntimeHarness.Classify(session, d, BundledMnist.Dataset.Test);

        TestContext.WriteLine($"{convs} convs: max |logit diff| {maxDiff:E2}, max |probability error| {maxProbError:E2}; ONNX Runtime {onnxTime.TotalSeconds:F1} s, ours {ourTime.TotalSeconds:F1} s");
        CollectionAssert.AreEqual(ours, onnx, "argmax predictions differ");
        Assert.IsLessThanOrEqualTo(1e-4, maxDiff, $"max |logit difference| {maxDiff}");
        Assert.IsLessThanOrEqualTo(1e-5, maxProbError, $"max |probability − softmax(our logits)| {maxProbError}");
        Assert.IsGreaterThan(1, ours.Distinct().Count(), "random weights that predict one class everywhere would prove little");
    }

    [TestMethod]
    public void Generator_OnnxRuntimeAgreesWithOurEngine_On100LatentPoints()
    {
        var g = new Generator(new ModelConfig(), new Engine.Rng(3));
        RandomizeBiases(g, seed: 11);
        using var session = OnnxRuntimeHarness.Session(OnnxExporter.Generator(g));
        var rng = new Engine.Rng(5);
        var latent = new float[100 * g.Config.LatentSize];
        for (var i = 0; i < latent.Length; i++)
        {
            latent[i] = rng.NextGaussian();
        }

        int[] shape = [100, g.Config.LatentSize];
        var onnx = OnnxRuntimeHarness.Run(session, OnnxExporter.LatentInput, latent, shape, OnnxExporter.ImagesInput)[0];
        var ours = OnnxRuntimeHarness.Ours(g, latent, shape);

        var maxDiff = OnnxRuntimeHarness.MaxAbsDiff(onnx, ours);
        TestContext.WriteLine($"generator: max |pixel diff| {maxDiff:E2}");
        Assert.HasCount(100 * 28 * 28, onnx);
        Assert.IsLessThanOrEqualTo(1e-4, maxDiff, $"max |pixel difference| {maxDiff}");
    }

    /// <summary>The improved preset's MLPs (narrow, after one training step so batch norm has running statistics).</summary>
    [TestMethod]
    public void ImprovedPresetModels_OnnxRuntimeAgreesWithOurEngine()
    {
        var config = Training.Sgan.TrainingPresets.Get(Training.Sgan.TrainingPresets.Improved) with { Width = 64, Batch = 8, Labels = 10 };
        var trainer = new Training.Sgan.SganTrainer(config, BundledMnist.Dataset.Train);
        trainer.Step();
        using (var session = OnnxRuntimeHarness.Session(OnnxExporter.Classifier(trainer.Discriminator)))
        {
            var (onnx, ours, maxDiff, _, _, _) = OnnxRuntimeHarness.Classify(session, trainer.Discriminator, BundledMnist.Dataset.Test);
            CollectionAssert.AreEqual(ours, onnx, "argmax predictions differ");
            Assert.IsLessThanOrEqualTo(1e-4, maxDiff, $"max |logit difference| {maxDiff}");
        }

        using var generatorSession = OnnxRuntimeHarness.Session(OnnxExporter.Generator(trainer.Generator));
        var latent = trainer.Latent(100).Data[..(100 * config.LatentSize)];
        int[] shape = [100, config.LatentSize];
        var generated = OnnxRuntimeHarness.Run(generatorSession, OnnxExporter.LatentInput, latent, shape, OnnxExporter.ImagesInput)[0];
        Assert.IsLessThanOrEqualTo(1e-4, OnnxRuntimeHarness.MaxAbsDiff(generated, OnnxRuntimeHarness.Ours(trainer.Generator, latent, shape)));
    }

    [TestMethod]
    public void Graph_HasKerasSamePads_NoDropout_AndADynamicBatch()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Classifier(new Discriminator(new ModelConfig { Width = 8 }, new Engine.Rng(1))));

        Assert.AreEqual(OnnxExporter.Opset, model.OpsetImport.Single().Version);
        Assert.AreEqual("Conv LeakyRelu Conv LeakyRelu Conv LeakyRelu Flatten Gemm Identity Softmax", string.Join(" ", model.Graph.Node.Select(n => n.OpType)));
        var pads = string.Join(" ", model.Graph.Node.Where(n => n.OpType == "Conv").Select(n => string.Join(",", n.Attribute.Single(a => a.Name == "pads").Ints)));
        // 28→14 and 14→7 pad one row/column at the bottom/right only; 7→4 pads one on each side (total 2).
        Assert.AreEqual("0,0,1,1 0,0,1,1 1,1,1,1", pads);
        Assert.AreEqual(0.2f, model.Graph.Node.First(n => n.OpType == "LeakyRelu").Attribute.Single().F);
        Assert.AreEqual(OnnxGraph.Batch, model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.AreEqual("logits probabilities", string.Join(" ", model.Graph.Output.Select(o => o.Name)));
        Assert.AreEqual("conv1.weight conv1.bias conv2.weight conv2.bias conv3.weight conv3.bias fc.weight fc.bias", string.Join(" ", model.Graph.Initializer.Select(t => t.Name)));

        var generator = ModelProto.Parser.ParseFrom(OnnxExporter.Generator(new Generator(new ModelConfig { Width = 8 }, new Engine.Rng(1))));
        var convPads = string.Join(" ", generator.Graph.Node.Where(n => n.OpType is "Conv" or "ConvTranspose").Select(n => string.Join(",", n.Attribute.Single(a => a.Name == "pads").Ints)));
        Assert.AreEqual("1,1,1,1 1,1,1,1 3,3,3,3", convPads);
    }

    // Biases start at zero; random ones check that every bias reaches the right place in the graph.
    private static void RandomizeBiases(Module model, ulong seed)
    {
        var rng = new Engine.Rng(seed);
        foreach (var (name, p) in model.NamedParameters().Where(p => p.Name.EndsWith(".bias", StringComparison.Ordinal)))
        {
            for (var i = 0; i < p.Size; i++)
            {
                p.Data[i] = (rng.NextSingle() - 0.5f) * 0.2f;
            }
        }
    }
}
