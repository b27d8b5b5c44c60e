using Ssgan.Engine.Nn;
using Ssgan.Models;
using Ssgan.Training.Data;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Sgan;

/// <summary>
/// The improved recipe's three knobs beyond Salimans et al.'s script: the input noise σ, the data-dependent init
/// switched off, and the generator's catch-up update.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ImprovedRecipeOptionsTests
{
    private static TrainingConfig Small => TrainingPresets.Get(TrainingPresets.Improved) with { Width = 16, Batch = 8, Labels = 10, Seed = 11 };

    /// <summary>The first images of the bundled training set: 80 images make 10 steps an epoch at batch 8.</summary>
    private static MnistSplit FirstImages(int count)
    {
        var all = BundledMnist.Dataset.Train;
        return new MnistSplit(all.Images[..(count * all.PixelsPerImage)], all.Labels[..count], all.Rows, all.Cols);
    }

    [TestMethod]
    public void InputNoiseSigmaReachesTheDiscriminatorsFirstNoiseLayer()
    {
        var trainer = new SganTrainer(Small with { InputNoise = 0.1f }, BundledMnist.Dataset.Train);
        var noise = trainer.Discriminator.Layers.Layers.Select(l => l.Layer).OfType<GaussianNoise>().ToList();
        Assert.AreEqual(0.1f, noise[0].Sigma);
        Assert.IsTrue(noise.Skip(1).All(n => n.Sigma == 0.5f), "the hidden layers keep σ 0.5");
    }

    [TestMethod]
    public void WithoutDataInitEveryScaleIsOneAndEveryBiasZero()
    {
        static List<WeightNormDense> Dense(SganTrainer t) => [.. t.Discriminator.Layers.Layers.Select(l => l.Layer).OfType<WeightNormDense>()];
        var plain = Dense(new SganTrainer(Small with { DataInit = false }, BundledMnist.Dataset.Train));
        Assert.IsTrue(plain.All(d => d.G.Data[..d.OutFeatures].All(g => g == 1f) && d.Bias.Data[..d.OutFeatures].All(b => b == 0f)));

        var initialised = Dense(new SganTrainer(Small, BundledMnist.Dataset.Train));
        Assert.IsTrue(initialised.All(d => d.G.Data[..d.OutFeatures].Any(g => g != 1f)), "the data-dependent init sets every layer's scales");
    }

    [TestMethod]
    [DataRow(1e-9f, 40L, DisplayName = "always above: a second update in each step from the third epoch")]
    [DataRow(1e9f, 30L, DisplayName = "never above: one update a step")]
    [DataRow(0f, 30L, DisplayName = "off")]
    public void CatchUpAddsASecondGeneratorUpdateFromTheThirdEpochWhenTheLossIsAbove(float threshold, long generatorUpdates)
    {
        var trainer = new SganTrainer(Small with { GeneratorCatchUp = threshold }, FirstImages(80));
        Assert.AreEqual(10, trainer.Config.StepsPerEpoch(80));
        for (var i = 0; i < 30; i++)
        {
            var l = trainer.Step();
            Assert.IsTrue(l.AllFinite, $"step {i + 1}: {l}");
        }

        Assert.AreEqual(30L, trainer.SupervisedOptimizer.Step, "the discriminator is updated once a step");
        Assert.AreEqual(generatorUpdates, trainer.GeneratorOptimizer.Step, "20 single steps, then 10 that may take two");
    }

    [TestMethod]
    public void TheGeneratorsAdamTakesItsOwnRateAndBeta1AndEveryOptimizerTheBeta2()
    {
        var own = new SganTrainer(Small with { GeneratorLearningRate = 1e-3f, GeneratorBeta1 = 0f, Beta2 = 0.9999f }, BundledMnist.Dataset.Train);
        Assert.AreEqual((1e-3f, 0f, 0.9999f), (own.GeneratorOptimizer.LearningRate, own.GeneratorOptimizer.Beta1, own.GeneratorOptimizer.Beta2));
        Assert.AreEqual((3e-3f, 0.5f, 0.9999f), (own.SupervisedOptimizer.LearningRate, own.SupervisedOptimizer.Beta1, own.SupervisedOptimizer.Beta2));

        var same = new SganTrainer(Small, BundledMnist.Dataset.Train);
        Assert.AreEqual((3e-3f, 0.5f, 0.999f), (same.GeneratorOptimizer.LearningRate, same.GeneratorOptimizer.Beta1, same.GeneratorOptimizer.Beta2), "by default the generator's Adam is the discriminator's");

        var bad = Assert.Throws<ArgumentException>((Small with { Beta2 = 1f, GeneratorLearningRate = -1f, GeneratorBeta1 = 1.5f }).Validate);
        StringAssert.Contains(bad.Message, "beta2 1");
        StringAssert.Contains(bad.Message, "generator lr -1");
        StringAssert.Contains(bad.Message, "generator beta1 1.5");
    }

    [TestMethod]
    public void TheLearningRateDecayLowersEveryOptimizersRateOverTheLastShareOfTheRun()
    {
        // 4 steps, the last half decaying: steps 1–3 at the configured rates, step 4 at half of them.
        var trainer = new SganTrainer(Small with { Steps = 4, LearningRateDecay = 0.5f, GeneratorLearningRate = 1e-3f }, FirstImages(80));
        float[] factors = [1f, 1f, 1f, 0.5f];
        foreach (var f in factors)
        {
            trainer.Step();
            Assert.AreEqual((3e-3f * f, 1e-3f * f), (trainer.SupervisedOptimizer.LearningRate, trainer.GeneratorOptimizer.LearningRate), $"step {trainer.StepsDone}");
        }

        var constant = new SganTrainer(Small with { Steps = 4 }, FirstImages(80));
        for (var i = 0; i < 4; i++)
        {
            constant.Step();
        }

        Assert.AreEqual((3e-3f, 3e-3f), (constant.SupervisedOptimizer.LearningRate, constant.GeneratorOptimizer.LearningRate), "without decay the rates stay");
        var bad = Assert.Throws<ArgumentException>((Small with { LearningRateDecay = 1.5f }).Validate);
        StringAssert.Contains(bad.Message, "decay is a share of the run in [0, 1], 0 = off (got 1.5)");
    }

    [TestMethod]
    public void TheLabelledShiftMovesTheLabelledImagesAndIsRefusedOutsideItsRange()
    {
        // Same seed, with and without the shift: the supervised loss differs from the first step (its images moved);
        // the shift is refused out of range and without feature matching.
        var plain = new SganTrainer(Small, FirstImages(80)).Step();
        var shifted = new SganTrainer(Small with { LabelledShift = 2 }, FirstImages(80)).Step();
        Assert.AreNotEqual(plain.Supervised, shifted.Supervised);
        Assert.IsTrue(shifted.AllFinite, shifted.ToString());

        var bad = Assert.Throws<ArgumentException>((Small with { LabelledShift = 5 }).Validate);
        StringAssert.Contains(bad.Message, "0–4 pixels");
        var conv = Assert.Throws<ArgumentException>((TrainingPresets.Get(TrainingPresets.Default) with { LabelledShift = 1 }).Validate);
        StringAssert.Contains(conv.Message, "feature matching False");
    }

    [TestMethod]
    public void TheEntropyWeightAddsTheUnlabelledEntropyToTheDiscriminatorsLoss()
    {
        // The first step's discriminator losses come before its update: the same with and without the term. The
        // update differs, so the generator's loss that follows does too. Refused below 0, above 10 and without feature matching.
        var plain = new SganTrainer(Small, FirstImages(80)).Step();
        var entropy = new SganTrainer(Small with { EntropyWeight = 1f }, FirstImages(80)).Step();
        Assert.AreEqual((plain.Supervised, plain.Real, plain.Fake), (entropy.Supervised, entropy.Real, entropy.Fake));
        Assert.AreNotEqual(plain.Generator, entropy.Generator);

        StringAssert.Contains(Assert.Throws<ArgumentException>((Small with { EntropyWeight = -1f }).Validate).Message, "entropy weight must be in [0, 10]");
        var conv = Assert.Throws<ArgumentException>((TrainingPresets.Get(TrainingPresets.Default) with { EntropyWeight = 1f }).Validate);
        StringAssert.Contains(conv.Message, "(got 1, feature matching False)");
    }

    [TestMethod]
    public void TheConsistencyWeightAddsTheTwoPassLossAndIsRefusedOutsideItsRange()
    {
        // The same first-step discriminator losses (computed before the update) with a vanishing weight and a large
        // one (the same four-part batch and noise draws), then a different update: the term reaches the gradient.
        var plain = new SganTrainer(Small with { ConsistencyWeight = 1e-30f }, FirstImages(80)).Step();
        var consistent = new SganTrainer(Small with { ConsistencyWeight = 100f }, FirstImages(80)).Step();
        Assert.AreEqual((plain.Supervised, plain.Real, plain.Fake), (consistent.Supervised, consistent.Real, consistent.Fake));
        Assert.AreNotEqual(plain.Generator, consistent.Generator);

        StringAssert.Contains(Assert.Throws<ArgumentException>((Small with { ConsistencyWeight = 1001f }).Validate).Message, "consistency weight must be in [0, 1000]");
        var conv = Assert.Throws<ArgumentException>((TrainingPresets.Get(TrainingPresets.Default) with { ConsistencyWeight = 1f }).Validate);
        StringAssert.Contains(conv.Message, "(got 1, feature matching False)");
    }

    [TestMethod]
    public void AMeanTeachersTargetReachesTheUpdateAndItsWeightsFollowTheDiscriminators()
    {
        var plain = new SganTrainer(Small with { ConsistencyWeight = 1e-30f, TeacherEma = 0.9f }, FirstImages(80)).Step();
        var trainer = new SganTrainer(Small with { ConsistencyWeight = 100f, TeacherEma = 0.9f }, FirstImages(80));
        var before = trainer.Discriminator.Parameters().Select(p => p.Data[..p.Size]).ToList();
        var taught = trainer.Step();
        Assert.AreEqual((plain.Supervised, plain.Real, plain.Fake), (taught.Supervised, taught.Real, taught.Fake));
        Assert.AreNotEqual(plain.Generator, taught.Generator, "the consistency term changed the discriminator's update");

        // After one step the teacher is d·(initial weights) + (1 − d)·(updated weights), d = DecayAt(1) = 2/11.
        var d = trainer.Teacher!.DecayAt(1);
        var after = trainer.Discriminator.Parameters().ToList();
        for (var i = 0; i < after.Count; i++)
        {
            for (var k = 0; k < after[i].Size; k += 97)
            {
                var expected = (d * before[i][k]) + ((1 - d) * after[i].Data[k]);
                Assert.AreEqual(expected, trainer.Teacher.Average(i)[k], 1e-6 * (1 + Math.Abs(expected)), $"parameter {i}, element {k}");
            }
        }

        Assert.IsTrue(before.Zip(after).Any(pair => !pair.First.AsSpan().SequenceEqual(pair.Second.Data.AsSpan(0, pair.Second.Size))), "the step moved the weights");
        var alone = Assert.Throws<ArgumentException>((Small with { TeacherEma = 0.99f }).Validate);
        StringAssert.Contains(alone.Message, "(got teacher 0.99, consistency weight 0)");
        Assert.Throws<ArgumentException>((Small with { ConsistencyWeight = 1f, TeacherEma = 1f }).Validate);
    }

    [TestMethod]
    public void TheRecipesKnobsAreRefusedWhereTheyHaveNoMeaning()
    {
        var catchUp = Assert.Throws<ArgumentException>((TrainingPresets.Get(TrainingPresets.Seed) with { GeneratorCatchUp = 1f }).Validate);
        StringAssert.Contains(catchUp.Message, "--feature-matching");

        var noise = Assert.Throws<ArgumentException>((TrainingPresets.Get(TrainingPresets.Seed) with { InputNoise = 0.1f }).Validate);
        StringAssert.Contains(noise.Message, "0.1");
        Assert.Throws<ArgumentException>((TrainingPresets.Get(TrainingPresets.Seed) with { DataInit = false }).Validate);

        var negative = Assert.Throws<ArgumentException>((Small with { InputNoise = -1f, GeneratorCatchUp = float.NaN }).Validate);
        StringAssert.Contains(negative.Message, "-1");
        StringAssert.Contains(negative.Message, "NaN");
    }
}
