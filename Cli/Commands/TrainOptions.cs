using System.CommandLine;
using System.CommandLine.Parsing;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Commands;

/// <summary>The options of `train`; defaults come from <see cref="TrainingConfig"/> so there is one source of truth.</summary>
internal sealed class TrainOptions
{
    private static readonly TrainingConfig Defaults = new();

    public Option<int> Labels { get; } = Int("--labels", Defaults.Labels, "Labelled training images, class-balanced (a multiple of 10).");

    public Option<int> Epochs { get; } = Int("--epochs", Defaults.Epochs, "Passes over the 60,000 training images (ignored when --steps is set).");

    public Option<int> Steps { get; } = Int("--steps", Defaults.Steps, "Total training steps; 0 = epochs × (60,000 / batch).");

    public Option<int> Batch { get; } = Int("--batch", Defaults.Batch, "Images per generator update; each discriminator update takes half. Even.");

    public Option<float> LearningRate { get; } = Float("--lr", Defaults.LearningRate, "Adam learning rate for all three optimizers.");

    public Option<float> Beta1 { get; } = Float("--beta1", Defaults.Beta1, "Adam beta1 (0 ≤ beta1 < 1).");

    public Option<int> Latent { get; } = Int("--latent", Defaults.LatentSize, "Size of the generator's latent vector.");

    public Option<int> Width { get; } = Int("--width", Defaults.Width, "Channels of the hidden layers (advanced: small values for quick tests).");

    public Option<int> DiscriminatorConvs { get; } = Int("--disc-convs", Defaults.DiscriminatorConvs, "Stride-2 conv layers in the discriminator (the tutorial's 3; 1–4).");

    public Option<float> Dropout { get; } = Float("--dropout", Defaults.Dropout, "Dropout rate before the discriminator's Dense head (the tutorial's 0.4; 0 = none).");

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
        Description = "Replace an existing run in --out (deletes it).",
    };

    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Continue the run in DIR exactly where its latest checkpoint left off (its own settings, provider and threads; only --data, --provider and --threads may be given with it).",
        HelpName = "RUN_DIR",
    };

    public Option<string?> Data { get; } = GlobalOptions.Data();

    /// <summary>Options that would change a run's settings, so they cannot be combined with --resume.</summary>
    public IEnumerable<Option> RunSettings => [Labels, Epochs, Steps, Batch, LearningRate, Beta1, Latent, Width, DiscriminatorConvs, Dropout, Seed, EvalEvery, CheckpointEvery, Baseline, Out, Force];

    public IEnumerable<Option> All => [.. RunSettings, Resume, Data];

    public TrainingConfig ToConfig(ParseResult p) => new()
    {
        Labels = p.GetValue(Labels),
        Epochs = p.GetValue(Epochs),
        Steps = p.GetValue(Steps),
        Batch = p.GetValue(Batch),
        LearningRate = p.GetValue(LearningRate),
        Beta1 = p.GetValue(Beta1),
        LatentSize = p.GetValue(Latent),
        Width = p.GetValue(Width),
        DiscriminatorConvs = p.GetValue(DiscriminatorConvs),
        Dropout = p.GetValue(Dropout),
        Seed = p.GetValue(Seed),
        Baseline = p.GetValue(Baseline),
        EvalEvery = p.GetValue(EvalEvery),
        CheckpointEvery = p.GetValue(CheckpointEvery),
    };

    /// <summary>Names of the run-setting options typed on the command line (not defaulted).</summary>
    public List<string> GivenRunSettings(ParseResult p) =>
        [.. RunSettings.Where(o => p.GetResult(o) is OptionResult { Implicit: false }).Select(o => o.Name)];

    private static Option<int> Int(string name, int defaultValue, string description) => new(name)
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
