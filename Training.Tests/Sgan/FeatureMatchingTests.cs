using Ssgan.Models;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Sgan;

/// <summary>The improved preset's schedule: it learns, resumes exactly, and its checkpoints load as plain Linear layers.</summary>
[TestClass]
[DoNotParallelize]
public sealed class FeatureMatchingTests
{
    private static TrainingConfig Small(ulong seed) => TrainingPresets.Get(TrainingPresets.Improved) with { Width = 64, Seed = seed, Ema = 0.99f };

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public void ThreeHundredStepsLearnWellAboveChance()
    {
        var trainer = new SganTrainer(Small(1), BundledMnist.Dataset.Train);
        Assert.AreEqual(ModelConfig.Mlp, trainer.Discriminator.Config.Architecture);
        for (var i = 0; i < 300; i++)
        {
            var l = trainer.Step();
            Assert.IsTrue(l.AllFinite, $"step {i + 1}: {l}");
        }

        var test = BundledMnist.Dataset.Test;
        var raw = Evaluation.Accuracy(Evaluation.Predict(trainer.Discriminator, test, count: 2000), test.Labels.AsSpan(0, 2000));
        var averaged = Evaluation.Accuracy(Evaluation.Predict(trainer.AveragedDiscriminator()!, test, count: 2000), test.Labels.AsSpan(0, 2000));
        Assert.IsGreaterThan(0.5, raw, $"raw weights after 300 steps: {raw:P1} (chance is 10 %)");
        Assert.IsGreaterThan(0.5, averaged, $"averaged weights after 300 steps: {averaged:P1}");
    }

    [TestMethod]
    [DataRow(0f, 0, 0f, 0f, DisplayName = "constant rates")]
    [DataRow(1f, 0, 0f, 0f, DisplayName = "rates decaying from the first step (a function of the step count)")]
    [DataRow(0f, 2, 0f, 0f, DisplayName = "labelled images shifted (draws from the run's generator)")]
    [DataRow(0f, 0, 10f, 0f, DisplayName = "the consistency loss ramping up (a function of the step count)")]
    [DataRow(0f, 0, 10f, 0.5f, DisplayName = "a Mean Teacher (its weights in the trainer state, its noise from the run's generator)")]
    public void CheckpointRestoresTheExactState(float decay, int shift, float consistency, float teacher)
    {
        using var dir = new TempDirectory();
        var config = Small(4) with { Batch = 8, Labels = 10, Steps = 6, LearningRateDecay = decay, LabelledShift = shift, ConsistencyWeight = consistency, TeacherEma = teacher };
        var train = BundledMnist.Dataset.Train;
        var uninterrupted = new SganTrainer(config, train);
        var expected = Enumerable.Range(0, 6).Select(_ => uninterrupted.Step()).ToList();
        var first = new SganTrainer(config, train);
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(expected[i], first.Step());
        }

        Assert.Throws<Training.Checkpoints.CheckpointFormatException>(() => TrainerCheckpoint.Load(TrainerCheckpoint.Save(dir.Path, first), new SganTrainer(config with { Width = 32 }, train)), "a checkpoint of other shapes is refused");
        var resumed = new SganTrainer(config, train);
        TrainerCheckpoint.Load(TrainerCheckpoint.LatestDirectory(dir.Path)!, resumed);
        for (var i = 3; i < 6; i++)
        {
            Assert.AreEqual(expected[i], resumed.Step(), $"step {i + 1} after resume");
        }
    }

    [TestMethod]
    public void ModelFilesHoldTheEffectiveWeightsAndRebuildTheMlp()
    {
        using var dir = new TempDirectory();
        var trainer = new SganTrainer(Small(2) with { Batch = 8, Labels = 10 }, BundledMnist.Dataset.Train);
        trainer.Step();
        var path = dir.File("discriminator.safetensors");
        ModelFiles.Save(path, trainer.Discriminator, trainer.Discriminator.Config, "discriminator");
        var file = Training.Checkpoints.Safetensors.Read(path);
        var fc1 = (Engine.Nn.WeightNormDense)trainer.Discriminator.Layers.Layers.First(l => l.Name == "fc1").Layer;
        CollectionAssert.AreEqual(fc1.EffectiveWeight(), file.GetFloats("fc1.weight", [64, 784]));

        var loaded = ModelFiles.LoadDiscriminator(path);
        var test = BundledMnist.Dataset.Test;
        CollectionAssert.AreEqual(Evaluation.Predict(trainer.Discriminator, test, count: 500), Evaluation.Predict(loaded, test, count: 500));

        // The generator's last activation travels in the file's metadata: a softplus generator reloads as one.
        var generatorPath = dir.File("generator.safetensors");
        ModelFiles.Save(generatorPath, trainer.Generator, trainer.Generator.Config, "generator");
        Assert.AreEqual(ModelConfig.Softplus, ModelFiles.ReadConfig(Training.Checkpoints.Safetensors.Read(generatorPath)).GeneratorOutput);
    }
}
