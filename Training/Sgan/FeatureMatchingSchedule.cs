using Ssgan.Engine;
using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;
using Ssgan.Models;
using Ssgan.Training.Data;

namespace Ssgan.Training.Sgan;

/// <summary>
/// The improved GAN's step (Salimans et al. 2016, their MNIST feature-matching setup): one discriminator update on
/// L = CE(labelled) + ½·(−log D(unlabelled)) + ½·(−log(1 − D(generated))) — plus, when configured, the entropy of the
/// unlabelled predictions and the consistency between two noisy predictions of them (the Π-model's, or a Mean
/// Teacher's) — the labelled batch being the whole labelled set reshuffled (repeated to fill the batch); then one generator update on the feature-matching loss
/// between a generated batch and a second, independent unlabelled batch. One Adam state per network. Works with
/// either discriminator (<see cref="Discriminator.Forward(Tensor, out Tensor)"/> names the matched features).
/// </summary>
public sealed partial class SganTrainer
{
    private const int InitImages = 500;
    private int[] labelledOrder = [];
    private long labelledPass = -1;
    private int[] labelledBatch = [];
    private int[] labelledLabels = [];

    /// <summary>Data-dependent init of the discriminator's weight-normalised layers on 500 training images.</summary>
    private void InitializeFromData()
    {
        if (Discriminator.Config.Architecture != ModelConfig.Mlp || !Config.DataInit)
        {
            return; // conv: no weight-normalised layers; DataInit off: scales stay 1, biases 0
        }

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
        if (Config.Baseline)
        {
            return LabelledOnlyUpdate();
        }

        float supLoss, supAcc, real, fake, gen;
        using (Arena.Begin())
        using (Profiler.Measure("step: discriminator update"))
        {
            // One forward over [labelled; unlabelled; generated]: the discriminator has no batch statistics, so this
            // is the three forwards' function, with one weight normalisation per layer and 300-row GEMMs.
            var b = Config.Batch;
            var batch = DiscriminatorBatch(out var labels);
            var logits = Discriminator.Forward(batch);
            var supLogits = Functional.Rows(logits, 0, b);
            supAcc = Evaluation.Accuracy(supLogits, labels);
            var sup = Functional.CrossEntropy(supLogits, labels);
            var unl = Functional.RealFakeLoss(Functional.Rows(logits, b, b), real: true);
            var gl = Functional.RealFakeLoss(Functional.Rows(logits, 2 * b, b), real: false);
            var loss = Functional.Add(sup, Functional.Add(Scale(unl, 0.5f), Scale(gl, 0.5f)));
            if (Config.EntropyWeight > 0)
            {
                loss = Functional.Add(loss, Scale(Functional.SoftmaxEntropy(Functional.Rows(logits, b, b)), Config.EntropyWeight));
            }

            if (Config.ConsistencyWeight > 0)
            {
                // The target: the teacher's prediction, or the unlabelled batch's second copy, last in the batch, which
                // went through other noise draws.
                var weight = Config.ConsistencyWeight * new RampUp(Config.TotalSteps(train.Count) / 5).Factor(StepsDone);
                var target = Teacher is null ? Functional.Rows(logits, 3 * b, b) : TeacherLogits(batch, b);
                loss = Functional.Add(loss, Scale(Functional.SoftmaxConsistency(Functional.Rows(logits, b, b), target), (float)weight));
            }

            loss.Backward();
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
                // Both forwards see the same frozen weights: normalise them once.
                using var weights = Discriminator.ShareWeights();
                Tensor realFeatures;
                using (Graph.NoGrad())
                {
                    Discriminator.Forward(UnlabelledBatch(), out realFeatures);
                }

                gen = GeneratorUpdate(realFeatures);
                if (Config.GeneratorCatchUp > 0 && gen > Config.GeneratorCatchUp && StepsDone >= 2 * Config.StepsPerEpoch(train.Count))
                {
                    GeneratorUpdate(realFeatures);
                }
            }
            finally
            {
                Discriminator.SetTrainable(true);
            }
        }

        StepsDone++;
        Averaged?.Update(StepsDone);
        Teacher?.Update(StepsDone);
        return new StepLosses(supLoss, supAcc, real, fake, gen, HasGan: true);
    }

    /// <summary>The teacher's logits [b, classes] for the batch's unlabelled rows, under its own noise draws, no graph.</summary>
    private Tensor TeacherLogits(Tensor batch, int b)
    {
        Teacher!.CopyTo(teacherParameters);
        var unlabelled = new Tensor([b, 1, train.Rows, train.Cols]);
        batch.Data.AsSpan(b * pixels, b * pixels).CopyTo(unlabelled.Data);
        teacherModel!.Train();
        try
        {
            using (Graph.NoGrad())
            {
                return teacherModel.Forward(unlabelled);
            }
        }
        finally
        {
            teacherModel.Train(false);
        }
    }

    /// <summary>One generator update by feature matching against the real batch's features; returns its loss.</summary>
    private float GeneratorUpdate(Tensor realFeatures)
    {
        Discriminator.Forward(Generator.Forward(Latent(Config.Batch)), out var fakeFeatures);
        var loss = Functional.FeatureMatching(fakeFeatures, realFeatures);
        loss.Backward();
        GeneratorOptimizer.Update();
        Generator.ZeroGrad();
        return loss.Item();
    }

    /// <summary>The supervised-only baseline of this schedule: the same labelled batches, the same update, no GAN.</summary>
    private StepLosses LabelledOnlyUpdate()
    {
        float supLoss, supAcc;
        using (Arena.Begin())
        using (Profiler.Measure("step: discriminator update"))
        {
            var labelled = NextLabelledBatch();
            var labels = LabelsOf(labelled);
            var images = Images(labelled);
            RandomShift.Apply(images.Data.AsSpan(0, images.Size), train.Rows, train.Cols, Config.LabelledShift, Rng);
            var logits = Discriminator.Forward(images);
            supAcc = Evaluation.Accuracy(logits, labels);
            var sup = Functional.CrossEntropy(logits, labels);
            sup.Backward();
            SupervisedOptimizer.Update();
            Discriminator.ZeroGrad();
            supLoss = sup.Item();
        }

        StepsDone++;
        Averaged?.Update(StepsDone);
        return new StepLosses(supLoss, supAcc, float.NaN, float.NaN, float.NaN, HasGan: false);
    }

    /// <summary>
    /// The discriminator update's images [3·batch, 1, H, W]: the labelled batch (its labels in
    /// <paramref name="labels"/>), an unlabelled batch, then a generated one, drawn in that order; with the
    /// consistency loss [4·batch, …], the unlabelled batch once more at the end.
    /// </summary>
    private Tensor DiscriminatorBatch(out int[] labels)
    {
        var b = Config.Batch;
        var twoPasses = Config.ConsistencyWeight > 0 && Teacher is null;
        var x = new Tensor([(twoPasses ? 4 : 3) * b, 1, train.Rows, train.Cols]);
        using (Profiler.Measure("batch: images"))
        {
            var labelled = NextLabelledBatch();
            labels = LabelsOf(labelled);
            train.CopyImages(labelled, x.Data.AsSpan(0, b * pixels));
            RandomShift.Apply(x.Data.AsSpan(0, b * pixels), train.Rows, train.Cols, Config.LabelledShift, Rng);
            UnlabelledIndices(indices);
            train.CopyImages(indices, x.Data.AsSpan(b * pixels, b * pixels));
        }

        using (Graph.NoGrad())
        {
            Generator.Forward(Latent(b)).Data.AsSpan(0, b * pixels).CopyTo(x.Data.AsSpan(2 * b * pixels, b * pixels));
        }

        if (twoPasses)
        {
            x.Data.AsSpan(b * pixels, b * pixels).CopyTo(x.Data.AsSpan(3 * b * pixels));
        }

        return x;
    }

    /// <summary>The labels of a labelled batch, in a buffer reused from step to step.</summary>
    private int[] LabelsOf(int[] labelled)
    {
        var labels = labelledLabels.Length == labelled.Length ? labelledLabels : labelledLabels = new int[labelled.Length];
        train.CopyLabels(labelled, labels);
        return labels;
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
        var batch = labelledBatch.Length == Config.Batch ? labelledBatch : labelledBatch = new int[Config.Batch];
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

    private void UnlabelledIndices(Span<int> pick)
    {
        for (var i = 0; i < pick.Length; i++)
        {
            pick[i] = Rng.Next(train.Count);
        }
    }

    private Tensor UnlabelledBatch()
    {
        UnlabelledIndices(indices);
        return Images(indices);
    }

    private static Tensor Scale(Tensor loss, float factor) => new Affine(factor, 0f).Forward(loss);
}
