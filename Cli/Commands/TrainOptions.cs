using System.CommandLine;
using System.CommandLine.Parsing;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Commands;

/// <summary>
/// The options of `train`: a preset (<see cref="TrainingPresets"/>) and every knob on top of it. The help shows
/// the default preset's values; an option typed on the command line overrides the chosen preset's.
/// </summary>
internal sealed class TrainOptions
{
    private static readonly TrainingConfig Defaults = TrainingPresets.Get(TrainingPresets.Default);

    public Option<string> Preset { get; } = PresetOption();

    public Option<int> Labels { get; } = Int("--labels", Defaults.Labels, "Labelled training images, class-balanced (a multiple of 10).");

    public Option<int> Epochs { get; } = Int("--epochs", Defaults.Epochs, "Passes over the 60,000 training images (ignored when --steps is set).");

    public Option<int> Steps { get; } = Int("--steps", Defaults.Steps, "Total training steps; 0 = epochs × (60,000 / batch).");

    public Option<int> Batch { get; } = Int("--batch", Defaults.Batch, "Images per generator update; each discriminator update takes half. Even.");

    public Option<float> LearningRate { get; } = Float("--lr", Defaults.LearningRate, "Adam learning rate for all three optimizers.");

    public Option<float> Beta1 { get; } = Float("--beta1", Defaults.Beta1, "Adam beta1 (0 ≤ beta1 < 1).");

    public Option<float> Beta2 { get; } = Float("--beta2", Defaults.Beta2, "Adam beta2 for every optimizer (0 ≤ beta2 < 1).");

    public Option<float> LearningRateDecay { get; } = Float("--lr-decay", Defaults.LearningRateDecay, "Share of the run, at its end, over which every learning rate falls linearly towards 0 (0 = constant).");

    public Option<float?> GeneratorLearningRate { get; } = new("--gen-lr")
    {
        Description = "The generator's own Adam learning rate (default: --lr).",
    };

    public Option<float?> GeneratorBeta1 { get; } = new("--gen-beta1")
    {
        Description = "The generator's own Adam beta1 (default: --beta1).",
    };

    public Option<float> AdamEpsilon { get; } = Float("--adam-eps", Defaults.AdamEpsilon, "Adam epsilon (Keras' 1e-7; the improved preset 1e-8 under the root).");

    public Option<bool> AdamEpsilonInsideRoot { get; } = Bool("--adam-eps-inside-root", Defaults.AdamEpsilonInsideRoot, "Adam step lr·m̂/√(v̂ + ε), as Salimans et al.'s code, instead of Keras' α·m/(√v + ε).");

    public Option<string> GeneratorOutput { get; } = GeneratorOutputOption();

    public Option<int> Latent { get; } = Int("--latent", Defaults.LatentSize, "Size of the generator's latent vector.");

    public Option<int> Width { get; } = Int("--width", Defaults.Width, "Channels of the hidden layers (advanced: small values for quick tests).");

    public Option<int> DiscriminatorConvs { get; } = Int("--disc-convs", Defaults.DiscriminatorConvs, "Stride-2 conv layers in the discriminator (the tutorial's 3; 1–4).");

    public Option<float> Dropout { get; } = Float("--dropout", Defaults.Dropout, "Dropout rate before the discriminator's Dense head (the longer tutorial's 0.4; 0 = none).");

    public Option<bool> SharedOptimizer { get; } = Bool("--shared-optimizer", Defaults.SharedDiscriminatorOptimizer, "One Adam state for the supervised and unsupervised discriminator updates, as the article (false: one each).");

    public Option<float> Ema { get; } = Float("--ema", Defaults.Ema, "Decay of the moving average of the discriminator's weights, evaluated beside the raw ones (0 = off).");

    public Option<bool> LabelsWithReplacement { get; } = Bool("--labels-with-replacement", Defaults.LabelsWithReplacement, "Draw each class's labelled images with replacement, as the article's randint (some repeat).");

    public Option<bool> KerasClip { get; } = Bool("--keras-clip", Defaults.KerasClip, "Unsupervised loss as Keras' binary_crossentropy on D: clipped to [1e-7, 1 − 1e-7], no gradient past it.");

    public Option<bool> FeatureMatching { get; } = Bool("--feature-matching", Defaults.FeatureMatching, "The improved GAN's schedule (one discriminator update on labelled, unlabelled and generated batches, then the generator by feature matching); with the conv discriminator it matches the flattened last conv layer.");

    public Option<float> InputNoise { get; } = Float("--input-noise", Defaults.InputNoise, "σ of the Gaussian noise on the MLP discriminator's input, in training only (Salimans et al.'s 0.3, the improved preset's; a PyTorch port's 0.1).");

    public Option<bool> DataInit { get; } = Bool("--data-init", Defaults.DataInit, "Data-dependent init of the MLP discriminator's weight-normalised layers on 500 images, as Salimans et al. (false: scales 1, biases 0).");

    public Option<float> EntropyWeight { get; } = Float("--entropy-weight", Defaults.EntropyWeight, "With feature matching: weight of the entropy of the unlabelled predictions added to the discriminator's loss (entropy minimisation; 0 = none).");

    public Option<float> ConsistencyWeight { get; } = Float("--consistency-weight", Defaults.ConsistencyWeight, "With feature matching: weight of the Π-model's consistency loss between two noisy predictions of the unlabelled batch, ramped up over the first fifth of the run (0 = none).");

    public Option<float> TeacherEma { get; } = Float("--teacher-ema", Defaults.TeacherEma, "With --consistency-weight: take the consistency target from a teacher holding this moving average of the discriminator's weights, no gradient to it (Mean Teacher; 0 = the Π-model's two passes).");

    public Option<int> LabelledShift { get; } = Int("--labelled-shift", Defaults.LabelledShift, "With feature matching: move each labelled image by up to N pixels each way, at random at every use (0 = as stored, at most 4).");

    public Option<float> GeneratorCatchUp { get; } = Float("--gen-catch-up", Defaults.GeneratorCatchUp, "With feature matching: a second generator update in a step whose matching loss is above this, from the third epoch on (0 = never).");

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed of the run's one random generator (labelled subset, weights, batches, latents).",
        DefaultValueFactory = _ => Defaults.Seed,
    };

    public Option<int> EvalEvery { get; } = Int("--eval-every", Defaults.EvalEvery, "Steps between test-set evaluations; 0 = once per epoch.");

    public Option<int> CheckpointEvery { get; } = Int("--checkpoint-every", Defaults.CheckpointEvery, "Steps between checkpoints; 0 = once per epoch.");

    public Option<bool> Baseline { get; } = new("--baseline")
    {
        Description = "Supervised-only baseline: same classifier, labels, optimizer and steps, no GAN.",
    };

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Run directory to create. Default: runs/<yyyyMMdd-HHmmss>. Refused if it holds a run, unless --force.",
        HelpName = "DIR",
    };

    public Option<bool> Force { get; } = new("--force")
    {
        Description = "Replace an existing run in --out (deletes it): only a run of ours, never the working directory, a parent of it, a git repository or $HOME; only after every option and the data are accepted.",
    };

    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Continue the run in DIR exactly where its latest checkpoint left off (its own settings, provider and threads; only --data, --provider and --threads may be given with it).",
        HelpName = "RUN_DIR",
    };

    public Option<string?> Data { get; } = GlobalOptions.Data();

    /// <summary>Options that would change a run's settings, so they cannot be combined with --resume.</summary>
    public IEnumerable<Option> RunSettings => [Preset, Labels, Epochs, Steps, Batch, LearningRate, LearningRateDecay, Beta1, Beta2, GeneratorLearningRate, GeneratorBeta1, AdamEpsilon, AdamEpsilonInsideRoot, GeneratorOutput, Latent, Width, DiscriminatorConvs, Dropout, SharedOptimizer, Ema, KerasClip, LabelsWithReplacement, FeatureMatching, InputNoise, DataInit, LabelledShift, EntropyWeight, ConsistencyWeight, TeacherEma, GeneratorCatchUp, Seed, EvalEvery, CheckpointEvery, Baseline, Out, Force];

    public IEnumerable<Option> All => [.. RunSettings, Resume, Data];

    /// <summary>The chosen preset with every option the user typed applied on top.</summary>
    public TrainingConfig ToConfig(ParseResult p)
    {
        var c = TrainingPresets.Get(p.GetValue(Preset)!);
        T Or<T>(Option<T> option, T presetValue) => p.GetResult(option) is OptionResult { Implicit: false } ? p.GetValue(option)! : presetValue;
        return c with
        {
            Labels = Or(Labels, c.Labels),
            Epochs = Or(Epochs, c.Epochs),
            Steps = Or(Steps, c.Steps),
            Batch = Or(Batch, c.Batch),
            LearningRate = Or(LearningRate, c.LearningRate),
            LearningRateDecay = Or(LearningRateDecay, c.LearningRateDecay),
            Beta1 = Or(Beta1, c.Beta1),
            Beta2 = Or(Beta2, c.Beta2),
            GeneratorLearningRate = Or(GeneratorLearningRate, c.GeneratorLearningRate),
            GeneratorBeta1 = Or(GeneratorBeta1, c.GeneratorBeta1),
            AdamEpsilon = Or(AdamEpsilon, c.AdamEpsilon),
            AdamEpsilonInsideRoot = Or(AdamEpsilonInsideRoot, c.AdamEpsilonInsideRoot),
            GeneratorOutput = Or(GeneratorOutput, c.GeneratorOutput),
            LatentSize = Or(Latent, c.LatentSize),
            Width = Or(Width, c.Width),
            DiscriminatorConvs = Or(DiscriminatorConvs, c.DiscriminatorConvs),
            Dropout = Or(Dropout, c.Dropout),
            SharedDiscriminatorOptimizer = Or(SharedOptimizer, c.SharedDiscriminatorOptimizer),
            Ema = Or(Ema, c.Ema),
            KerasClip = Or(KerasClip, c.KerasClip),
            LabelsWithReplacement = Or(LabelsWithReplacement, c.LabelsWithReplacement),
            FeatureMatching = Or(FeatureMatching, c.FeatureMatching),
            InputNoise = Or(InputNoise, c.InputNoise),
            DataInit = Or(DataInit, c.DataInit),
            LabelledShift = Or(LabelledShift, c.LabelledShift),
            EntropyWeight = Or(EntropyWeight, c.EntropyWeight),
            ConsistencyWeight = Or(ConsistencyWeight, c.ConsistencyWeight),
            TeacherEma = Or(TeacherEma, c.TeacherEma),
            GeneratorCatchUp = Or(GeneratorCatchUp, c.GeneratorCatchUp),
            Seed = Or(Seed, c.Seed),
            Baseline = Or(Baseline, c.Baseline),
            EvalEvery = Or(EvalEvery, c.EvalEvery),
            CheckpointEvery = Or(CheckpointEvery, c.CheckpointEvery),
        };
    }

    /// <summary>--preset NAME, shared by train, summary and bench.</summary>
    public static Option<string> PresetOption()
    {
        var option = new Option<string>("--preset")
        {
            Description = $"Starting settings: {TrainingPresets.Seed} (the seed article's SGAN: two convs, no dropout, one Adam state for both discriminator updates), {TrainingPresets.Conv3Dropout} (three convs, Dropout 0.4, two Adam states) or {TrainingPresets.Improved} (Salimans et al.'s MLPs with weight norm, noise and feature matching). Options given beside it override it.",
            DefaultValueFactory = _ => TrainingPresets.Default,
            HelpName = string.Join('|', TrainingPresets.Names),
        };
        option.AcceptOnlyFromAmong([.. TrainingPresets.Names]);
        return option;
    }

    private static Option<string> GeneratorOutputOption()
    {
        var option = new Option<string>("--gen-output")
        {
            Description = "The MLP generator's last activation: sigmoid (Salimans et al.'s script) or softplus (the improved preset's).",
            DefaultValueFactory = _ => Defaults.GeneratorOutput,
            HelpName = $"{Ssgan.Models.ModelConfig.Sigmoid}|{Ssgan.Models.ModelConfig.Softplus}",
        };
        option.AcceptOnlyFromAmong(Ssgan.Models.ModelConfig.Sigmoid, Ssgan.Models.ModelConfig.Softplus);
        return option;
    }

    /// <summary>Names of the run-setting options typed on the command line (not defaulted).</summary>
    public List<string> GivenRunSettings(ParseResult p) =>
        [.. RunSettings.Where(o => p.GetResult(o) is OptionResult { Implicit: false }).Select(o => o.Name)];

    private static Option<int> Int(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<bool> Bool(string name, bool defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<float> Float(string name, float defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };
}
