using Ssgan.Models;

namespace Ssgan.Training.Sgan;

/// <summary>
/// Every knob of a run. A new run starts from a preset (<see cref="TrainingPresets"/>); the property defaults are
/// what a config.json written before presets existed means when it leaves a setting out (three convs, dropout 0.4,
/// separate supervised and unsupervised optimizers, no weight averaging).
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>The preset the run started from (null in runs made before presets).</summary>
    public string? Preset { get; init; }

    public int Labels { get; init; } = 100;

    public int Epochs { get; init; } = 20;

    /// <summary>Total steps; 0 means <see cref="Epochs"/> × (training images / batch), 12,000 for MNIST.</summary>
    public int Steps { get; init; }

    /// <summary>Images per generator update; each discriminator update takes half (the tutorial's half_batch).</summary>
    public int Batch { get; init; } = 100;

    public float LearningRate { get; init; } = 2e-4f;

    public float Beta1 { get; init; } = 0.5f;

    /// <summary>Adam's β₂ for every optimizer.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>
    /// Share of the run, at its end, over which every learning rate falls linearly towards 0; 0 = constant rates.
    /// </summary>
    public float LearningRateDecay { get; init; }

    /// <summary>The generator's own Adam learning rate; null = <see cref="LearningRate"/>.</summary>
    public float? GeneratorLearningRate { get; init; }

    /// <summary>The generator's own Adam β₁; null = <see cref="Beta1"/>.</summary>
    public float? GeneratorBeta1 { get; init; }

    /// <summary>Adam's ε: Keras' 1e-7 by default.</summary>
    public float AdamEpsilon { get; init; } = 1e-7f;

    /// <summary>ε under the square root with v̂ (Salimans et al.'s Adam) instead of added to √v (Keras').</summary>
    public bool AdamEpsilonInsideRoot { get; init; }

    public int LatentSize { get; init; } = 100;

    public int Width { get; init; } = 128;

    public ulong Seed { get; init; } = 1;

    /// <summary>Supervised-only baseline: the same classifier, labels, optimizer and steps, no GAN.</summary>
    public bool Baseline { get; init; }

    /// <summary>Steps between test-set evaluations; 0 means once per epoch.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Steps between checkpoints; 0 means once per epoch.</summary>
    public int CheckpointEvery { get; init; }

    public int Classes { get; init; } = 10;

    /// <summary>Stride-2 convs in the discriminator: 2 in the seed article, 3 in the longer tutorial.</summary>
    public int DiscriminatorConvs { get; init; } = 3;

    /// <summary>Dropout before the discriminator's Dense head: none in the seed article, 0.4 in the longer tutorial.</summary>
    public float Dropout { get; init; } = 0.4f;

    /// <summary>
    /// One Adam state (moments and step count) for the supervised and the unsupervised updates of the shared
    /// discriminator weights, as the article compiles c_model and d_model with the same optimizer object.
    /// </summary>
    public bool SharedDiscriminatorOptimizer { get; init; }

    /// <summary>Decay of the exponential moving average of the discriminator's weights used for evaluation; 0 = off.</summary>
    public float Ema { get; init; }

    /// <summary><see cref="ModelConfig.Conv"/> (the article's models) or <see cref="ModelConfig.Mlp"/> (the improved GAN's).</summary>
    public string Architecture { get; init; } = ModelConfig.Conv;

    /// <summary>
    /// The improved GAN's schedule (Salimans et al. 2016): per step one discriminator update on the labelled, an
    /// unlabelled and a generated batch together, then a generator update by feature matching. With
    /// <see cref="Baseline"/> only the labelled part of that update runs (the supervised-only baseline of the same
    /// schedule); with the conv discriminator the matched features are its flattened last conv layer.
    /// </summary>
    public bool FeatureMatching { get; init; }

    /// <summary>The MLP generator's last activation (<see cref="ModelConfig.GeneratorOutput"/>); sigmoid in runs made before it.</summary>
    public string GeneratorOutput { get; init; } = ModelConfig.Sigmoid;

    /// <summary>σ of the Gaussian noise on the MLP discriminator's input, in training only (Salimans et al.'s 0.3).</summary>
    public float InputNoise { get; init; } = DefaultInputNoise;

    public const float DefaultInputNoise = 0.3f;

    /// <summary>
    /// Data-dependent init of the MLP discriminator's weight-normalised layers on 500 training images (their
    /// script); false leaves every scale at 1 and bias at 0, so each hidden weight row is a unit vector.
    /// </summary>
    public bool DataInit { get; init; } = true;

    /// <summary>
    /// With feature matching: the weight of the softmax entropy of the unlabelled batch's predictions added to the
    /// discriminator's loss (entropy minimisation); 0 = none, as Salimans et al.
    /// </summary>
    public float EntropyWeight { get; init; }

    /// <summary>
    /// With feature matching: the weight of the Π-model's consistency loss between two noisy predictions of the
    /// unlabelled batch (Laine &amp; Aila 2017), ramped up over the first fifth of the run; 0 = none.
    /// </summary>
    public float ConsistencyWeight { get; init; }

    /// <summary>
    /// With the consistency loss: its target comes from a teacher whose weights are this moving average of the
    /// discriminator's, under its own noise and without a gradient (Mean Teacher, Tarvainen &amp; Valpola 2017);
    /// 0 = the Π-model's second noisy pass of the discriminator itself, both sides trained.
    /// </summary>
    public float TeacherEma { get; init; }

    /// <summary>
    /// With feature matching: each labelled image moved by up to this many pixels each way in a random direction,
    /// anew at every use; 0 = as stored.
    /// </summary>
    public int LabelledShift { get; init; }

    /// <summary>
    /// A second generator update, on the same real batch, in a step whose feature-matching loss is above this, from
    /// the third epoch on; 0 = never. Keeps the generator's features from falling behind the discriminator's.
    /// </summary>
    public float GeneratorCatchUp { get; init; }

    /// <summary>Latent points uniform in [0, 1) instead of N(0, 1).</summary>
    public bool UniformLatent { get; init; }

    /// <summary>Each class's labelled images drawn with replacement (the article's randint), so some may repeat.</summary>
    public bool LabelsWithReplacement { get; init; }

    /// <summary>The unsupervised loss as Keras' binary_crossentropy on the probability D: clipped to [ε, 1 − ε].</summary>
    public bool KerasClip { get; init; }

    public ModelConfig Model => new()
    {
        Architecture = Architecture,
        InputNoise = InputNoise,
        GeneratorOutput = GeneratorOutput,
        LatentSize = LatentSize,
        Width = Width,
        Classes = Classes,
        DiscriminatorConvs = DiscriminatorConvs,
        Dropout = Dropout,
    };

    public int StepsPerEpoch(int trainingImages) => Math.Max(1, trainingImages / Batch);

    public int TotalSteps(int trainingImages) => Steps > 0 ? Steps : Epochs * StepsPerEpoch(trainingImages);

    /// <summary>
    /// Throws one message naming every bad value, before any work starts: the stated size limits
    /// (<see cref="Runs.Limits"/>) first, then the settings' consistency. Called at the edges only — the Cli on its
    /// options, <see cref="Runs.RunConfig.Load"/> on a file, and the trainer's constructor for library callers.
    /// </summary>
    public void Validate()
    {
        Runs.Limits.Check(this);
        var errors = new List<string>();
        if (Labels <= 0 || Labels % Classes != 0)
        {
            errors.Add($"labels must be a positive multiple of {Classes} (got {Labels})");
        }

        if (Epochs <= 0 && Steps <= 0)
        {
            errors.Add($"epochs or steps must be positive (got epochs {Epochs}, steps {Steps})");
        }

        if (Steps < 0 || Batch < 2 || Batch % 2 != 0)
        {
            errors.Add($"steps must be ≥ 0 and batch an even number ≥ 2 (got steps {Steps}, batch {Batch})");
        }

        if (!(LearningRate > 0) || !float.IsFinite(LearningRate) || !(Beta1 >= 0 && Beta1 < 1))
        {
            errors.Add($"learning rate must be positive and 0 ≤ beta1 < 1 (got lr {LearningRate}, beta1 {Beta1})");
        }

        if (!(Beta2 >= 0 && Beta2 < 1) || !(GeneratorLearningRate is null or (> 0 and < float.PositiveInfinity)) || !(GeneratorBeta1 is null or (>= 0 and < 1)))
        {
            errors.Add($"beta2 and the generator's beta1 must be in [0, 1), its learning rate positive (got beta2 {Beta2}, generator lr {GeneratorLearningRate}, generator beta1 {GeneratorBeta1})");
        }

        if (!(LearningRateDecay >= 0 && LearningRateDecay <= 1))
        {
            errors.Add($"the learning-rate decay is a share of the run in [0, 1], 0 = off (got {LearningRateDecay})");
        }

        if (!(AdamEpsilon > 0 && AdamEpsilon <= 1))
        {
            errors.Add($"Adam epsilon must be in (0, 1] (got {AdamEpsilon})");
        }

        if (LatentSize <= 0 || Width <= 0 || EvalEvery < 0 || CheckpointEvery < 0)
        {
            errors.Add($"latent size and width must be positive, intervals ≥ 0 (got latent {LatentSize}, width {Width}, eval-every {EvalEvery}, checkpoint-every {CheckpointEvery})");
        }

        if (DiscriminatorConvs < 1 || DiscriminatorConvs > 4 || !(Dropout >= 0 && Dropout < 1))
        {
            errors.Add($"discriminator convs must be 1–4 and dropout in [0, 1) (got convs {DiscriminatorConvs}, dropout {Dropout})");
        }

        if (!(InputNoise >= 0 && InputNoise <= 10) || !(GeneratorCatchUp >= 0 && float.IsFinite(GeneratorCatchUp)))
        {
            errors.Add($"input noise σ must be in [0, 10] and the generator's catch-up threshold ≥ 0, 0 = off (got {InputNoise}, {GeneratorCatchUp})");
        }

        FeatureMatchingOption(errors, "the labelled shift must be 0–" + Data.RandomShift.MaxShift + " pixels", LabelledShift,
            LabelledShift >= 0 && LabelledShift <= Data.RandomShift.MaxShift, LabelledShift > 0);
        FeatureMatchingOption(errors, "the entropy weight must be in [0, 10]", EntropyWeight, EntropyWeight is >= 0 and <= 10, EntropyWeight > 0);
        FeatureMatchingOption(errors, "the consistency weight must be in [0, 1000]", ConsistencyWeight, ConsistencyWeight is >= 0 and <= 1000, ConsistencyWeight > 0);
        if (!(TeacherEma is >= 0 and < 1) || (TeacherEma > 0 && !(ConsistencyWeight > 0)))
        {
            errors.Add($"the teacher's moving average must be in [0, 1) and needs the consistency loss (got teacher {TeacherEma}, consistency weight {ConsistencyWeight})");
        }

        if (GeneratorCatchUp > 0 && !FeatureMatching)
        {
            errors.Add($"the generator's catch-up step (threshold {GeneratorCatchUp}) belongs to the feature-matching schedule: add --feature-matching or drop --gen-catch-up");
        }

        if (Architecture != ModelConfig.Mlp && (InputNoise != DefaultInputNoise || !DataInit))
        {
            errors.Add($"input noise (got {InputNoise}) and data-dependent init (got {DataInit}) are the MLP discriminator's: the {Architecture} discriminator has neither");
        }

        if (FeatureMatching && KerasClip)
        {
            errors.Add("feature matching's schedule uses the stable log-sum-exp loss only: drop --keras-clip or --feature-matching");
        }

        if (!(Ema >= 0 && Ema < 1))
        {
            errors.Add($"ema must be in [0, 1), 0 = off (got {Ema})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }
    }

    /// <summary>An option of the feature-matching schedule only: refused out of its range, or on under another schedule.</summary>
    private void FeatureMatchingOption(List<string> errors, string rule, object value, bool inRange, bool on)
    {
        if (!inRange || (on && !FeatureMatching))
        {
            errors.Add($"{rule} and belongs to the feature-matching schedule (got {value}, feature matching {FeatureMatching})");
        }
    }
}
