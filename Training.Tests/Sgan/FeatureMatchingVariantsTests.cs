using Ssgan.Engine.Autograd;
using Ssgan.Models;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Sgan;

/// <summary>
/// The feature-matching schedule beyond the improved preset: on the conv discriminator (matching its flattened last
/// conv layer) and as a supervised-only baseline (the same labelled batches and update, no GAN).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class FeatureMatchingVariantsTests
{
    private static float[] Snapshot(Engine.Nn.Module m) => [.. m.Parameters().SelectMany(p => p.Data[..p.Size])];

    [TestMethod]
    public void ConvDiscriminatorMatchesItsFlattenedLastConv()
    {
        var config = TrainingPresets.Get(TrainingPresets.Seed) with { FeatureMatching = true, Width = 8, Batch = 8, Labels = 10, Seed = 3 };
        var trainer = new SganTrainer(config, BundledMnist.Dataset.Train);
        Assert.AreEqual(ModelConfig.Conv, trainer.Discriminator.Config.Architecture);

        using (Graph.NoGrad())
        {
            var logits = trainer.Discriminator.Forward(new Tensor([2, 1, 28, 28]), out var features);
            Assert.AreEqual((2, 10), (logits.Dim(0), logits.Dim(1)));
            Assert.AreEqual((2, 8 * 7 * 7), (features.Dim(0), features.Dim(1)), "two stride-2 convs of 8 channels: 8·7·7 features");
        }

        var generatorBefore = Snapshot(trainer.Generator);
        var discriminatorBefore = Snapshot(trainer.Discriminator);
        for (var i = 0; i < 5; i++)
        {
            var l = trainer.Step();
            Assert.IsTrue(l.HasGan && l.AllFinite, $"step {i + 1}: {l}");
            Assert.IsGreaterThanOrEqualTo(0f, l.Generator, "a feature-matching loss is a mean of squares");
        }

        CollectionAssert.AreNotEqual(generatorBefore, Snapshot(trainer.Generator), "the generator learns from the matched features");
        CollectionAssert.AreNotEqual(discriminatorBefore, Snapshot(trainer.Discriminator));
    }

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public void MlpBaselineTrainsTheClassifierAloneAndLearns()
    {
        var config = TrainingPresets.Get(TrainingPresets.Improved) with { Baseline = true, Width = 64, Seed = 5, Ema = 0.99f };
        var trainer = new SganTrainer(config, BundledMnist.Dataset.Train);
        var generatorBefore = Snapshot(trainer.Generator);
        for (var i = 0; i < 200; i++)
        {
            var l = trainer.Step();
            Assert.IsFalse(l.HasGan, "a baseline step has no GAN losses");
            Assert.IsTrue(float.IsFinite(l.Supervised), $"step {i + 1}: {l}");
        }

        CollectionAssert.AreEqual(generatorBefore, Snapshot(trainer.Generator), "the baseline never touches the generator");
        var test = BundledMnist.Dataset.Test;
        var raw = Evaluation.Accuracy(Evaluation.Predict(trainer.Discriminator, test, count: 2000), test.Labels.AsSpan(0, 2000));
        Assert.IsGreaterThan(0.5, raw, $"100 labels, 200 steps: {raw:P1} (chance is 10 %)");
    }

    [TestMethod]
    public void MlpBaselineDrawsTheSameLabelledSetAndInitialWeightsAsTheGan()
    {
        // Same seed, same labelled images and starting classifier: the baseline isolates what the GAN adds.
        var gan = TrainingPresets.Get(TrainingPresets.Improved) with { Width = 16, Batch = 8, Labels = 20, Seed = 7 };
        var a = new SganTrainer(gan, BundledMnist.Dataset.Train);
        var b = new SganTrainer(gan with { Baseline = true }, BundledMnist.Dataset.Train);
        CollectionAssert.AreEqual(a.LabelledIndices, b.LabelledIndices);
        CollectionAssert.AreEqual(Snapshot(a.Discriminator), Snapshot(b.Discriminator), "the same data-dependent init");
    }

    [TestMethod]
    public void FeatureMatchingWithKerasClipIsRefusedNamingBoth()
    {
        var config = TrainingPresets.Get(TrainingPresets.Improved) with { KerasClip = true };
        var e = Assert.Throws<ArgumentException>(config.Validate);
        StringAssert.Contains(e.Message, "--keras-clip");
        StringAssert.Contains(e.Message, "--feature-matching");
        (TrainingPresets.Get(TrainingPresets.Seed) with { FeatureMatching = true }).Validate();
        (TrainingPresets.Get(TrainingPresets.Improved) with { Baseline = true }).Validate();
    }
}
