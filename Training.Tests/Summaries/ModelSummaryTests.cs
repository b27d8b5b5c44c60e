using Ssgan.Engine.Autograd;
using Ssgan.Models;
using Ssgan.Training.Summaries;

namespace Ssgan.Training.Tests.Summaries;

[TestClass]
public sealed class ModelSummaryTests
{
    private static readonly ModelConfig Tutorial = new();

    [TestMethod]
    public void TotalsComeFromTheRealModels()
    {
        var rng = new Engine.Rng(1);
        var discriminator = new Discriminator(Tutorial, rng);
        var generator = new Generator(Tutorial, rng);

        var tables = ModelSummary.Build(discriminator, generator);

        // The tutorial's define_discriminator: 3 convs (1,280 + 147,584 + 147,584) + Dense(2,048 → 10) = 316,938.
        Assert.AreEqual(316_938L, Table(tables, "classifier").TotalParams);
        Assert.AreEqual(316_938L, Table(tables, "discriminator").TotalParams);
        Assert.AreEqual(1_164_289L, Table(tables, "generator").TotalParams);
        Assert.AreEqual(discriminator.ParameterCount(), Table(tables, "discriminator").TotalParams);
        Assert.AreEqual(generator.ParameterCount(), Table(tables, "generator").TotalParams);
        Assert.AreEqual(147_584L, Table(tables, "discriminator").Rows.Single(r => r.Name == "conv2").Params);
        Assert.AreEqual(0L, Table(tables, "generator").NonTrainableParams);
    }

    [TestMethod]
    public void TheTwoConvVariantWithoutDropoutIsTheSmallerModelOfTheFirstRuns()
    {
        var tables = ModelSummary.Build(new ModelConfig { DiscriminatorConvs = 2, Dropout = 0 });
        Assert.AreEqual(211_594L, Table(tables, "classifier").TotalParams);
        Assert.IsFalse(Table(tables, "classifier").Rows.Any(r => r.Name == "dropout"));
    }

    [TestMethod]
    public void CompositeFreezesExactlyTheDiscriminator()
    {
        var tables = ModelSummary.Build(Tutorial);
        var composite = Table(tables, "composite");

        Assert.AreEqual(1_481_227L, composite.TotalParams);
        Assert.AreEqual(Table(tables, "generator").TotalParams, composite.TrainableParams);
        Assert.AreEqual(Table(tables, "discriminator").TotalParams, composite.NonTrainableParams);
        Assert.IsTrue(composite.Rows.Where(r => r.Group == "discriminator").All(r => r.Frozen && r.TrainableParams == 0));
        Assert.IsFalse(composite.Rows.Where(r => r.Group != "discriminator").Any(r => r.Frozen));
        Assert.AreEqual("real_prob (ZOverZPlusOne)", composite.Rows[^1].Label);
        Assert.AreEqual("(None, 1)", composite.Rows[^1].ShapeText);
    }

    [TestMethod]
    public void SummarisingRestoresEachParametersTrainableFlag()
    {
        var rng = new Engine.Rng(2);
        var discriminator = new Discriminator(Tutorial, rng);
        var generator = new Generator(Tutorial, rng);
        var bias = discriminator.Parameters().Last();
        bias.RequiresGrad = false;

        _ = ModelSummary.Build(discriminator, generator);

        Assert.IsTrue(discriminator.Parameters().SkipLast(1).All(p => p.RequiresGrad), "trainable again after the composite");
        Assert.IsFalse(bias.RequiresGrad, "a parameter frozen before stays frozen");
        Assert.IsTrue(generator.Parameters().All(p => p.RequiresGrad));
    }

    [TestMethod]
    public void TextIsKerasStyleWithNoneBatchAndSeparators()
    {
        var text = ModelSummary.Render(Tutorial);

        string[] expected =
        [
            "NCHW", "Model: \"classifier\"", "Model: \"composite\"", "conv1 (Conv2d)", "(None, 128, 14, 14)", "(None, 128, 7, 7)",
            "(None, 6272)", "(None, 1, 28, 28)", "softmax (Softmax)", "real_prob (ZOverZPlusOne)", "discriminator.fc (Dense)",
            "(None, 128, 4, 4)", "(None, 2048)", "dropout (Dropout)",
            "Total params: 316,938", "Total params: 1,164,289", "Total params: 1,481,227", "Trainable params: 1,164,289",
            "Non-trainable params: 316,938", "Non-trainable params: 0", "147,584",
        ];
        foreach (var fragment in expected)
        {
            Assert.Contains(fragment, text);
        }
    }

    [TestMethod]
    public void HeadsComputeSoftmaxAndZOverZPlusOne()
    {
        var logits = new Tensor([2, 3], [0f, 1f, 2f, -1000f, 0f, 1000f]);

        var probabilities = new Softmax().Forward(logits).Data;
        var real = new ZOverZPlusOne().Forward(logits).Data;

        var z = 1 + Math.E + Math.Exp(2);
        Assert.AreEqual(Math.Exp(2) / z, probabilities[2], 1e-6);
        Assert.AreEqual(1f, probabilities[5], 1e-6f);
        Assert.AreEqual(z / (z + 1), real[0], 1e-6);
        Assert.AreEqual(1f, real[1], 1e-6f);
        Assert.ThrowsExactly<ArgumentException>(() => new Softmax().OutputShape([1, 10, 2]));
    }

    private static ModelTable Table(IReadOnlyList<ModelTable> tables, string name) => tables.Single(t => t.Name == name);
}
