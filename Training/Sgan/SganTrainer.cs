using MathNet.Numerics.Distributions;
using Ssgan.Engine;
using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;
using Ssgan.Models;
using Ssgan.Training.Data;

namespace Ssgan.Training.Sgan;

/// <summary>
/// The tutorial's training schedule, one <see cref="Step"/> at a time: (1) a supervised update of the classifier
/// on half a batch of labelled images, (2) an unsupervised update on half a batch of real images (target real),
/// (3) one on half a batch of generated images (target fake), (4) a generator update on a full batch of latent
/// points through the frozen discriminator (target real). Separate Adam optimizers for the supervised and the
/// unsupervised discriminator models (as the tutorial's two compiled Keras models over shared weights) and the
/// generator. One seeded generator drives the labelled subset, initial weights, batches and latent draws.
/// </summary>
public sealed class SganTrainer
{
    private readonly MnistSplit train;
    private readonly int half;
    private readonly int pixels;
    private readonly int[] indices;
    private readonly int[] batchLabels;
    private readonly double[] latentDraws;

    public SganTrainer(TrainingConfig config, MnistSplit train)
    {
        config.Validate();
        Config = config;
        this.train = train;
        Rng = new Rng(config.Seed);
        LabelledIndices = LabelledSubset.Select(train.Labels, config.Labels, config.Classes, Rng);
        Discriminator = new Discriminator(config.Model with { ImageSize = train.Rows }, Rng);
        Generator = new Generator(config.Model with { ImageSize = train.Rows }, Rng);
        SupervisedOptimizer = new Adam(Discriminator.Parameters(), config.LearningRate, config.Beta1);
        UnsupervisedOptimizer = new Adam(Discriminator.Parameters(), config.LearningRate, config.Beta1);
        GeneratorOptimizer = new Adam(Generator.Parameters(), config.LearningRate, config.Beta1);
        half = config.Batch / 2;
        pixels = train.PixelsPerImage;
        indices = new int[config.Batch];
        batchLabels = new int[half];
        latentDraws = new double[config.Batch * config.LatentSize];
    }

    public TrainingConfig Config { get; }

    public Rng Rng { get; }

    public int[] LabelledIndices { get; }

    public Discriminator Discriminator { get; }

    public Generator Generator { get; }

    public Adam SupervisedOptimizer { get; }

    public Adam UnsupervisedOptimizer { get; }

    public Adam GeneratorOptimizer { get; }

    /// <summary>Steps completed (restored from a checkpoint on resume).</summary>
    public int StepsDone { get; set; }

    public StepLosses Step()
    {
        // Dropout is on for every discriminator pass of a step, the frozen one in the generator update included
        // (Keras' train_on_batch runs layers in training mode whether or not they are trainable), and off between
        // steps so evaluation sees the deterministic network.
        Discriminator.Train();
        try
        {
            return Updates();
        }
        finally
        {
            Discriminator.Train(false);
        }
    }

    private StepLosses Updates()
    {
        var (supLoss, supAcc) = SupervisedUpdate();
        if (Config.Baseline)
        {
            StepsDone++;
            return new StepLosses(supLoss, supAcc, float.NaN, float.NaN, float.NaN, HasGan: false);
        }

        float real, fake, gen;
        using (Arena.Begin())
        {
            real = UnsupervisedUpdate(RealBatch(), real: true);
        }

        using (Arena.Begin())
        {
            Tensor fakeImages;
            using (Graph.NoGrad())
            {
                fakeImages = Generator.Forward(Latent(half));
            }

            fake = UnsupervisedUpdate(fakeImages, real: false);
        }

        using (Arena.Begin())
        {
            gen = GeneratorUpdate();
        }

        StepsDone++;
        return new StepLosses(supLoss, supAcc, real, fake, gen, HasGan: true);
    }

    /// <summary>Latent points [n, latent] ~ N(0, 1), drawn through MathNet from the run's generator.</summary>
    public Tensor Latent(int n)
    {
        var draws = n == Config.Batch ? latentDraws : new double[n * Config.LatentSize];
        Normal.Samples(Rng, draws, 0, 1);
        var z = new Tensor([n, Config.LatentSize]);
        for (var i = 0; i < draws.Length; i++)
        {
            z.Data[i] = (float)draws[i];
        }

        return z;
    }

    private (float Loss, float Accuracy) SupervisedUpdate()
    {
        using var arena = Arena.Begin();
        var pick = indices.AsSpan(0, half);
        for (var i = 0; i < half; i++)
        {
            pick[i] = LabelledIndices[Rng.Next(LabelledIndices.Length)];
        }

        var x = Images(pick);
        train.CopyLabels(pick, batchLabels);
        var logits = Discriminator.Forward(x);
        var accuracy = Evaluation.Accuracy(logits, batchLabels);
        var loss = Functional.CrossEntropy(logits, batchLabels);
        loss.Backward();
        SupervisedOptimizer.Update();
        Discriminator.ZeroGrad();
        return (loss.Item(), accuracy);
    }

    private Tensor RealBatch()
    {
        var pick = indices.AsSpan(0, half);
        for (var i = 0; i < half; i++)
        {
            pick[i] = Rng.Next(train.Count);
        }

        return Images(pick);
    }

    private float UnsupervisedUpdate(Tensor images, bool real)
    {
        var loss = Functional.RealFakeLoss(Discriminator.Forward(images), real);
        loss.Backward();
        UnsupervisedOptimizer.Update();
        Discriminator.ZeroGrad();
        return loss.Item();
    }

    private float GeneratorUpdate()
    {
        // The composite model: the discriminator is frozen, so neither its update nor its weight gradients happen.
        Discriminator.SetTrainable(false);
        try
        {
            var loss = Functional.RealFakeLoss(Discriminator.Forward(Generator.Forward(Latent(Config.Batch))), real: true);
            loss.Backward();
            GeneratorOptimizer.Update();
            Generator.ZeroGrad();
            return loss.Item();
        }
        finally
        {
            Discriminator.SetTrainable(true);
        }
    }

    private Tensor Images(ReadOnlySpan<int> pick)
    {
        var x = new Tensor([pick.Length, 1, train.Rows, train.Cols]);
        train.CopyImages(pick, x.Data.AsSpan(0, pick.Length * pixels));
        return x;
    }
}
