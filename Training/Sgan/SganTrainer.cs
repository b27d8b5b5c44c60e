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
/// points through the frozen discriminator (target real). The supervised and unsupervised updates share one Adam
/// state (the article's one optimizer object for both compiled models) or, as the longer tutorial's runs here
/// did, keep one each; the generator has its own. With <see cref="TrainingConfig.Ema"/> a moving average of the
/// discriminator's weights is kept for evaluation. One seeded generator drives the labelled subset, initial
/// weights, batches and latent draws.
/// </summary>
public sealed partial class SganTrainer
{
    private readonly MnistSplit train;
    private readonly int half;
    private readonly int pixels;
    private readonly int[] indices;
    private readonly int[] batchLabels;
    private Discriminator? averagedModel;
    private readonly Discriminator? teacherModel;
    private readonly Parameter[] teacherParameters = [];

    public SganTrainer(TrainingConfig config, MnistSplit train)
        : this(config, train, new Rng(config.Seed))
    {
    }

    private SganTrainer(TrainingConfig config, MnistSplit train, Rng rng)
    {
        config.Validate();
        Config = config;
        this.train = train;
        Rng = rng;
        LabelledIndices = LabelledSubset.Select(train.Labels, config.Labels, config.Classes, Rng, config.LabelsWithReplacement);
        Discriminator = new Discriminator(config.Model with { ImageSize = train.Rows }, Rng);
        Generator = new Generator(config.Model with { ImageSize = train.Rows }, Rng);
        Adam NewAdam(IEnumerable<Parameter> parameters, float lr, float beta1) =>
            new(parameters, lr, beta1, config.Beta2, epsilon: config.AdamEpsilon, epsilonInsideRoot: config.AdamEpsilonInsideRoot);
        SupervisedOptimizer = NewAdam(Discriminator.Parameters(), config.LearningRate, config.Beta1);
        UnsupervisedOptimizer = config.SharedDiscriminatorOptimizer ? SupervisedOptimizer : NewAdam(Discriminator.Parameters(), config.LearningRate, config.Beta1);
        Averaged = config.Ema > 0 ? new ExponentialMovingAverage(Discriminator.Parameters(), config.Ema) : null;
        GeneratorOptimizer = NewAdam(Generator.Parameters(), config.GeneratorLearningRate ?? config.LearningRate, config.GeneratorBeta1 ?? config.Beta1);
        half = config.Batch / 2;
        pixels = train.PixelsPerImage;
        indices = new int[config.Batch];
        batchLabels = new int[half];
        if (config.FeatureMatching)
        {
            InitializeFromData();
        }

        if (config.TeacherEma > 0)
        {
            // Built last, from the initialised weights; its noise draws come from the run's generator, so resume is exact.
            Teacher = new ExponentialMovingAverage(Discriminator.Parameters(), config.TeacherEma);
            teacherModel = new Discriminator(Discriminator.Config, Rng);
            teacherParameters = [.. teacherModel.Parameters()];
        }
    }

    public TrainingConfig Config { get; }

    public Rng Rng { get; }

    public int[] LabelledIndices { get; }

    public Discriminator Discriminator { get; }

    public Generator Generator { get; }

    public Adam SupervisedOptimizer { get; }

    public Adam UnsupervisedOptimizer { get; }

    public Adam GeneratorOptimizer { get; }

    /// <summary>The moving average of the discriminator's weights, or null when <see cref="TrainingConfig.Ema"/> is 0.</summary>
    public ExponentialMovingAverage? Averaged { get; }

    /// <summary>The Mean Teacher's weights (a faster moving average), or null when <see cref="TrainingConfig.TeacherEma"/> is 0.</summary>
    public ExponentialMovingAverage? Teacher { get; }

    /// <summary>A discriminator holding the averaged weights (built once, refreshed on each call), or null without EMA.</summary>
    public Discriminator? AveragedDiscriminator()
    {
        if (Averaged is null)
        {
            return null;
        }

        // Its own initial weights are overwritten at once, so the draw that builds it must not touch the run's generator.
        averagedModel ??= new Discriminator(Discriminator.Config, new Rng(0));
        Averaged.CopyTo([.. averagedModel.Parameters()]);
        return averagedModel;
    }

    /// <summary>Steps completed (restored from a checkpoint on resume).</summary>
    public int StepsDone { get; set; }

    public StepLosses Step()
    {
        // Dropout is on for every discriminator pass of a step, the frozen one in the generator update included
        // (Keras' train_on_batch runs layers in training mode whether or not they are trainable), and off between
        // steps so evaluation sees the deterministic network.
        Discriminator.Train();
        Generator.Train();
        ScheduleLearningRates();
        try
        {
            return Config.FeatureMatching ? FeatureMatchingUpdates() : Updates();
        }
        finally
        {
            Discriminator.Train(false);
            Generator.Train(false);
        }
    }

    /// <summary>Sets every optimizer's rate for this step from the configured ones and the decay (a function of the step).</summary>
    private void ScheduleLearningRates()
    {
        if (Config.LearningRateDecay <= 0)
        {
            return;
        }

        var factor = new LinearDecay(Config.TotalSteps(train.Count), Config.LearningRateDecay).Factor(StepsDone);
        SupervisedOptimizer.LearningRate = (float)(Config.LearningRate * factor);
        UnsupervisedOptimizer.LearningRate = (float)(Config.LearningRate * factor);
        GeneratorOptimizer.LearningRate = (float)((Config.GeneratorLearningRate ?? Config.LearningRate) * factor);
    }

    private StepLosses Updates()
    {
        var (supLoss, supAcc) = SupervisedUpdate();
        if (Config.Baseline)
        {
            StepsDone++;
            Averaged?.Update(StepsDone);
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
        Averaged?.Update(StepsDone);
        return new StepLosses(supLoss, supAcc, real, fake, gen, HasGan: true);
    }

    /// <summary>Latent points [n, latent] ~ N(0, 1) (the generator's Box–Muller) or U[0, 1), from the run's generator.</summary>
    public Tensor Latent(int n)
    {
        using var profile = Profiler.Measure("batch: latent");
        if (Config.UniformLatent)
        {
            var u = new Tensor([n, Config.LatentSize]);
            for (var i = 0; i < u.Size; i++)
            {
                u.Data[i] = Rng.NextSingle();
            }

            return u;
        }

        var z = new Tensor([n, Config.LatentSize]);
        for (var i = 0; i < z.Size; i++)
        {
            z.Data[i] = Rng.NextGaussian();
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
        var loss = RealFakeLoss(Discriminator.Forward(images), real);
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
            var loss = RealFakeLoss(Discriminator.Forward(Generator.Forward(Latent(Config.Batch))), real: true);
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

    private Tensor RealFakeLoss(Tensor logits, bool real) =>
        Config.KerasClip ? Functional.RealFakeLossKerasClip(logits, real) : Functional.RealFakeLoss(logits, real);

    private Tensor Images(ReadOnlySpan<int> pick)
    {
        using var profile = Profiler.Measure("batch: images");
        var x = new Tensor([pick.Length, 1, train.Rows, train.Cols]);
        train.CopyImages(pick, x.Data.AsSpan(0, pick.Length * pixels));
        return x;
    }
}
