using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Training.Data;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Sgan;

// Exact-equality tests: they must not share the process-wide BLAS provider with CLI tests that switch it.
[TestClass]
[DoNotParallelize]
public sealed class SganTrainerTests
{
    private static MnistSplit Train => BundledMnist.Dataset.Train;

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public void TwoHundredStepsLearnWellAboveChance()
    {
        // The tutorial's schedule and optimizers at width 16 (an eighth of the channels) so it runs in seconds.
        var trainer = new SganTrainer(new TrainingConfig { Width = 16, Seed = 3 }, Train);
        var before = LabelledLoss(trainer);
        for (var i = 0; i < 200; i++)
        {
            var l = trainer.Step();
            Assert.IsTrue(l.AllFinite, $"step {i + 1}: {l}");
        }

        var test = FirstImages(BundledMnist.Dataset.Test, 2000);
        var accuracy = Evaluation.Accuracy(Evaluation.Predict(trainer.Discriminator, test), test.Labels);
        Assert.IsGreaterThan(0.4, accuracy, $"test accuracy after 200 steps is {accuracy:P1} (chance is 10 %)");

        // Measured without dropout (the per-step losses carry its noise): the loss on the labelled images must halve.
        var after = LabelledLoss(trainer);
        Assert.IsLessThan(before / 2, after, $"supervised loss on the labelled subset went from {before} to {after}");
    }

    [TestMethod]
    public void SameSeedSameRunAndAnotherSeedDiffers()
    {
        var a = Losses(seed: 5, steps: 4);
        var b = Losses(seed: 5, steps: 4);
        var c = Losses(seed: 6, steps: 4);
        CollectionAssert.AreEqual(a, b, "two runs with one seed must match exactly");
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void LabelledSubsetIsBalancedAndRecorded()
    {
        var trainer = new SganTrainer(new TrainingConfig { Width = 4, Labels = 50, Seed = 9 }, Train);
        var perClass = new int[10];
        foreach (var i in trainer.LabelledIndices)
        {
            perClass[Train.Labels[i]]++;
        }

        CollectionAssert.AreEqual(Enumerable.Repeat(5, 10).ToArray(), perClass);
        Assert.HasCount(50, trainer.LabelledIndices.Distinct());
    }

    [TestMethod]
    [DataRow(false, 0f, DisplayName = "two Adam states, no averaging (runs from before presets)")]
    [DataRow(true, 0.9f, DisplayName = "one Adam state and averaged weights (the seed preset)")]
    public void CheckpointRestoresTheExactState(bool shared, float ema)
    {
        using var dir = new TempDirectory();
        var config = new TrainingConfig { Width = 4, Batch = 8, Labels = 10, Seed = 4, SharedDiscriminatorOptimizer = shared, Ema = ema };
        var uninterrupted = new SganTrainer(config, Train);
        var expected = new List<StepLosses>();
        for (var i = 0; i < 6; i++)
        {
            expected.Add(uninterrupted.Step());
        }

        var first = new SganTrainer(config, Train);
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(expected[i], first.Step());
        }

        var saved = TrainerCheckpoint.Save(dir.Path, first);
        var resumed = new SganTrainer(config, Train);
        TrainerCheckpoint.Load(saved, resumed);
        Assert.AreEqual(3, resumed.StepsDone);
        for (var i = 3; i < 6; i++)
        {
            Assert.AreEqual(expected[i], resumed.Step(), $"step {i + 1} after resume");
        }

        if (ema > 0)
        {
            CollectionAssert.AreEqual(
                uninterrupted.AveragedDiscriminator()!.Parameters().SelectMany(p => p.Data).ToArray(),
                resumed.AveragedDiscriminator()!.Parameters().SelectMany(p => p.Data).ToArray(),
                "the averaged weights continue exactly");
        }
    }

    [TestMethod]
    public void DropoutActsInsideStepsOnlyAndIsOffBetweenThem()
    {
        // Step 1's supervised forward draws its batch before any mask, so only dropout can change its loss.
        var without = new SganTrainer(new TrainingConfig { Width = 8, Batch = 16, Seed = 2, Dropout = 0 }, Train);
        var with = new SganTrainer(new TrainingConfig { Width = 8, Batch = 16, Seed = 2, Dropout = 0.4f }, Train);
        Assert.AreNotEqual(without.Step().Supervised, with.Step().Supervised, "dropout must act in the supervised update");
        Assert.IsFalse(with.Discriminator.Training, "evaluation between steps must see the network without dropout");

        var test = FirstImages(BundledMnist.Dataset.Test, 200);
        CollectionAssert.AreEqual(
            Evaluation.Predict(with.Discriminator, test),
            Evaluation.Predict(with.Discriminator, test),
            "predictions between steps are deterministic");
    }

    [TestMethod]
    public void BadSettingsAreRefusedWithTheirValues()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingConfig { Labels = 15, LearningRate = 0 }.Validate());
        StringAssert.Contains(e.Message, "got 15");
        StringAssert.Contains(e.Message, "lr 0");
        e = Assert.Throws<ArgumentException>(() => new TrainingConfig { DiscriminatorConvs = 0, Dropout = 1 }.Validate());
        StringAssert.Contains(e.Message, "convs 0, dropout 1");
    }

    private static List<float> Losses(ulong seed, int steps)
    {
        var trainer = new SganTrainer(new TrainingConfig { Width = 8, Batch = 16, Seed = seed }, Train);
        var all = new List<float>();
        for (var i = 0; i < steps; i++)
        {
            var l = trainer.Step();
            all.AddRange([l.Supervised, l.Real, l.Fake, l.Generator]);
        }

        all.AddRange(trainer.Generator.Parameters().First().Data.Take(16));
        return all;
    }

    private static float LabelledLoss(SganTrainer trainer)
    {
        using var noGrad = Graph.NoGrad();
        var pick = trainer.LabelledIndices;
        var x = new Tensor([pick.Length, 1, Train.Rows, Train.Cols]);
        Train.CopyImages(pick, x.Data.AsSpan(0, pick.Length * Train.PixelsPerImage));
        var labels = new int[pick.Length];
        Train.CopyLabels(pick, labels);
        return Functional.CrossEntropy(trainer.Discriminator.Forward(x), labels).Item();
    }

    private static MnistSplit FirstImages(MnistSplit split, int count) =>
        new(split.Images.AsSpan(0, count * split.PixelsPerImage).ToArray(), split.Labels.AsSpan(0, count).ToArray(), split.Rows, split.Cols);
}
