using System.Text.Json.Nodes;
using Ssgan.Models;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Sgan;

/// <summary>The presets' settings, their models' sizes, the shared optimizer state and old runs' meaning.</summary>
[TestClass]
[DoNotParallelize]
public sealed class PresetTests
{
    [TestMethod]
    public void SeedPresetIsTheArticlesSystemAndTheDefault()
    {
        var seed = TrainingPresets.Get(TrainingPresets.Default);
        Assert.AreEqual(TrainingPresets.Seed, seed.Preset);
        Assert.AreEqual((2, 0f, true, 0.999f, false), (seed.DiscriminatorConvs, seed.Dropout, seed.SharedDiscriminatorOptimizer, seed.Ema, seed.KerasClip));
        Assert.AreEqual((100, 100, 2e-4f, 0.5f, 100, 128), (seed.Labels, seed.Batch, seed.LearningRate, seed.Beta1, seed.LatentSize, seed.Width));
        Assert.AreEqual(12_000, seed.TotalSteps(60_000), "20 epochs of 600 steps");

        var three = TrainingPresets.Get(TrainingPresets.Conv3Dropout);
        Assert.AreEqual((3, 0.4f, false, 0f), (three.DiscriminatorConvs, three.Dropout, three.SharedDiscriminatorOptimizer, three.Ema));
        Assert.AreEqual((1e-7f, false), (seed.AdamEpsilon, seed.AdamEpsilonInsideRoot), "Keras' Adam");

        var improved = TrainingPresets.Get(TrainingPresets.Improved);
        Assert.AreEqual((3e-3f, 0.5f, 1e-8f, true, 0.9999f, 30_000), (improved.LearningRate, improved.Beta1, improved.AdamEpsilon, improved.AdamEpsilonInsideRoot, improved.Ema, improved.TotalSteps(60_000)), "Salimans et al.'s Adam, 50 epochs");
        Assert.AreEqual((1f, 0f, 0.3f, true), (improved.GeneratorCatchUp, seed.GeneratorCatchUp, improved.InputNoise, improved.DataInit), "the catch-up update is the improved preset's only");
        Assert.AreEqual((ModelConfig.Softplus, ModelConfig.Sigmoid), (improved.GeneratorOutput, seed.GeneratorOutput));
        var e = Assert.Throws<ArgumentException>(() => TrainingPresets.Get("improved-typo"));
        StringAssert.Contains(e.Message, "improved-typo");
    }

    [TestMethod]
    [DataRow(TrainingPresets.Seed, 211_594, DisplayName = "seed: two convs, Dense(6272 → 10)")]
    [DataRow(TrainingPresets.Conv3Dropout, 316_938, DisplayName = "conv3-dropout: three convs, Dense(2048 → 10)")]
    public void PresetModelsHaveTheirPublishedSizes(string preset, int discriminatorWeights)
    {
        var model = TrainingPresets.Get(preset).Model;
        Assert.AreEqual(discriminatorWeights, new Discriminator(model, new Engine.Rng(1)).Parameters().Sum(p => p.Size));
        Assert.AreEqual(1_164_289, new Generator(model, new Engine.Rng(1)).Parameters().Sum(p => p.Size));
    }

    [TestMethod]
    public void SharedOptimizerCountsEveryDiscriminatorUpdate()
    {
        var train = BundledMnist.Dataset.Train;
        var shared = new SganTrainer(new TrainingConfig { Width = 4, Batch = 8, Labels = 10, SharedDiscriminatorOptimizer = true }, train);
        var separate = new SganTrainer(new TrainingConfig { Width = 4, Batch = 8, Labels = 10 }, train);
        shared.Step();
        separate.Step();
        Assert.AreSame(shared.SupervisedOptimizer, shared.UnsupervisedOptimizer);
        Assert.AreEqual(3, shared.SupervisedOptimizer.Step, "supervised, real and fake updates on one Adam state");
        Assert.AreNotSame(separate.SupervisedOptimizer, separate.UnsupervisedOptimizer);
        Assert.AreEqual((1L, 2L), (separate.SupervisedOptimizer.Step, separate.UnsupervisedOptimizer.Step));
    }

    /// <summary>
    /// A config.json written before presets (no preset, optimizer or EMA settings) keeps its meaning: two Adam
    /// states, no averaging, the three convs and dropout it records; its run resumes from its checkpoint to the
    /// same metrics as the uninterrupted run.
    /// </summary>
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void RunFromBeforePresetsResumesAsItWas()
    {
        using var dir = new TempDirectory();
        var old = new TrainingConfig { Width = 4, Batch = 8, Labels = 10, Steps = 4, EvalEvery = 2, CheckpointEvery = 2, Seed = 3 };
        var data = BundledMnist.Dataset;
        var whole = Path.Combine(dir.Path, "whole");
        using (var first = TrainingRun.Start(whole, force: false, Config(old), data))
        {
            first.Run(null, CancellationToken.None);
        }


        var cut = Path.Combine(dir.Path, "cut");
        using (var stop = new CancellationTokenSource())
        {
            using var run = TrainingRun.Start(cut, force: false, Config(old), data);
            var progress = new SynchronousProgress(p =>
            {
                if (p.Step == 2)
                {
                    stop.Cancel();
                }
            });
            Assert.IsFalse(run.Run(progress, stop.Token).Completed);
        }

        var configPath = new RunFiles(cut).Config;
        var json = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        var training = json["training"]!.AsObject();
        foreach (var key in new[] { "preset", "shared_discriminator_optimizer", "ema", "keras_clip", "input_noise", "data_init", "generator_catch_up", "beta2", "generator_learning_rate", "generator_beta1" })
        {
            Assert.IsTrue(training.Remove(key), $"new runs record {key}");
        }

        File.WriteAllText(configPath, json.ToJsonString());
        using var resumed = TrainingRun.Resume(cut, data);
        Assert.AreEqual((null, false, 0f, 3, 0.4f), (resumed.Config.Training.Preset, resumed.Config.Training.SharedDiscriminatorOptimizer, resumed.Config.Training.Ema, resumed.Config.Training.DiscriminatorConvs, resumed.Config.Training.Dropout));
        var t = resumed.Config.Training;
        Assert.AreEqual((0.3f, true, 0f, 0.999f, null, null), (t.InputNoise, t.DataInit, t.GeneratorCatchUp, t.Beta2, t.GeneratorLearningRate, t.GeneratorBeta1), "runs made before these knobs had Salimans et al.'s σ, their init, no catch-up and one Adam setting");
        Assert.AreEqual(2, resumed.Trainer.StepsDone);
        Assert.IsNull(resumed.Trainer.Averaged);
        resumed.Run(null, CancellationToken.None);

        static IEnumerable<string> Rows(string run) => File.ReadLines(new RunFiles(run).Metrics).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != MetricsLog.ElapsedColumn)));
        CollectionAssert.AreEqual(Rows(whole).ToList(), Rows(cut).ToList());
    }

    private static RunConfig Config(TrainingConfig training) => new()
    {
        Training = training,
        DataDirectory = "bundled",
        Provider = Engine.Blas.Blas.Current.Name,
        Threads = Engine.Blas.Blas.Current.Threads,
        BlasDescription = "test",
        Versions = new Dictionary<string, string>(),
        Machine = "test",
        Created = DateTimeOffset.UnixEpoch,
    };

    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
