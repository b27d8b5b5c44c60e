using Ssgan.Engine;
using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Models;

namespace Ssgan.Training.Sgan;

/// <summary>
/// The improved GAN's step (Salimans et al. 2016, their MNIST feature-matching setup): one discriminator update on
/// L = CE(labelled) + ½·(−log D(unlabelled)) + ½·(−log(1 − D(generated))), the labelled batch being the whole
/// labelled set reshuffled (repeated to fill the batch); then one generator update on the feature-matching loss
/// between a generated batch and a second, independent unlabelled batch. One Adam state per network.
/// </summary>
public sealed partial class SganTrainer
{
    private const int InitImages = 500;
    private int[] labelledOrder = [];
    private long labelledPass = -1;

    /// <summary>Data-dependent init of the discriminator's weight-normalised layers on 500 training images.</summary>
    private void InitializeFromData()
    {
        var count = Math.Min(InitImages, train.Count);
        var pick = new int[count];
        for (var i = 0; i < count; i++)
        {
            pick[i] = Rng.Next(train.Count);
        }

        using var arena = Arena.Begin();
        MlpStacks.InitializeFromData(Discriminator.Layers, Images(pick));
    }

    private StepLosses FeatureMatchingUpdates()
    {
        float supLoss, supAcc, real, fake, gen;
        using (Arena.Begin())
        using (Profiler.Measure("step: discriminator update"))
        {
            var labelled = NextLabelledBatch();
            var x = Images(labelled);
            var labels = new int[labelled.Length];
            train.CopyLabels(labelled, labels);
            var logits = Discriminator.Forward(x);
            supAcc = Evaluation.Accuracy(logits, labels);
            var sup = Functional.CrossEntropy(logits, labels);
            sup.Backward();
            var unl = Functional.RealFakeLoss(Discriminator.Forward(UnlabelledBatch()), real: true);
            Scale(unl, 0.5f).Backward();
            Tensor generated;
            using (Graph.NoGrad())
            {
                generated = Generator.Forward(Latent(Config.Batch));
            }

            var gl = Functional.RealFakeLoss(Discriminator.Forward(generated), real: false);
            Scale(gl, 0.5f).Backward();
            SupervisedOptimizer.Update();
            Discriminator.ZeroGrad();
            (supLoss, real, fake) = (sup.Item(), unl.Item(), gl.Item());
        }

        using (Arena.Begin())
        using (Profiler.Measure("step: generator update"))
        {
            Discriminator.SetTrainable(false);
            try
            {
                Tensor realFeatures;
                using (Graph.NoGrad())
                {
                    Discriminator.Forward(UnlabelledBatch(), out realFeatures);
                }

                Discriminator.Forward(Generator.Forward(Latent(Config.Batch)), out var fakeFeatures);
                var loss = Functional.FeatureMatching(fakeFeatures, realFeatures);
                loss.Backward();
                GeneratorOptimizer.Update();
                Generator.ZeroGrad();
                gen = loss.Item();
            }
            finally
            {
                Discriminator.SetTrainable(true);
            }
        }

        StepsDone++;
        Averaged?.Update(StepsDone);
        return new StepLosses(supLoss, supAcc, real, fake, gen, HasGan: true);
    }

    /// <summary>
    /// This step's slice of an endless sequence of passes over the labelled set, each pass in its own shuffled order.
    /// A pass's order comes from a generator seeded by the run's seed and the pass number, so the step count alone
    /// places the slice and a resumed run needs no extra state.
    /// </summary>
    private int[] NextLabelledBatch()
    {
        using var profile = Profiler.Measure("batch: labelled indices");
        var count = LabelledIndices.Length;
        var batch = new int[Config.Batch];
        var start = (long)StepsDone * batch.Length;
        for (var i = 0; i < batch.Length; i++)
        {
            var pass = (start + i) / count;
            if (pass != labelledPass)
            {
                labelledOrder = (int[])LabelledIndices.Clone();
                new Rng(unchecked((Config.Seed * 0x9E3779B97F4A7C15UL) ^ (ulong)pass)).Shuffle(labelledOrder);
                labelledPass = pass;
            }

            batch[i] = labelledOrder[(start + i) % count];
        }

        return batch;
    }

    private Tensor UnlabelledBatch()
    {
        var pick = new int[Config.Batch];
        for (var i = 0; i < pick.Length; i++)
        {
            pick[i] = Rng.Next(train.Count);
        }

        return Images(pick);
    }

    private static Tensor Scale(Tensor loss, float factor) => new Affine(factor, 0f).Forward(loss);
}
