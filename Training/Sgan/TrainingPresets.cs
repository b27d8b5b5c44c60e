namespace Ssgan.Training.Sgan;

/// <summary>
/// Named starting points for a run; every knob can still be set on top of one. <c>seed</c> is the system of the
/// seed article (two stride-2 convs, no dropout, one Adam state for both discriminator updates) and the default;
/// <c>conv3-dropout</c> is the longer Keras tutorial's discriminator (three convs, Dropout 0.4) with the separate
/// optimizer states this project first trained it with; <c>improved</c> is the improved GAN of Salimans et al.
/// (2016) for MNIST: weight-normalised MLP discriminator with Gaussian noise, batch-normalised MLP generator from a
/// uniform latent (its last activation a softplus, not their sigmoid: measured in benchmarks/README.md), feature
/// matching, Adam 3e-3 with ε under the root, a second generator update in steps whose matching loss is above 1
/// (a public PyTorch port's), and a moving average of the weights for evaluation; 50 epochs, as its accuracy is
/// flat after ~20,000 steps (benchmarks/README.md).
/// </summary>
public static class TrainingPresets
{
    public const string Seed = "seed";
    public const string Conv3Dropout = "conv3-dropout";
    public const string Improved = "improved";
    public const string Default = Seed;

    public static IReadOnlyList<string> Names { get; } = [Seed, Conv3Dropout, Improved];

    /// <summary>The preset's settings; the caller overrides the options the user gave.</summary>
    public static TrainingConfig Get(string name) => name switch
    {
        Seed => new TrainingConfig
        {
            Preset = Seed,
            DiscriminatorConvs = 2,
            Dropout = 0,
            SharedDiscriminatorOptimizer = true,
            Ema = 0.999f,
        },
        Conv3Dropout => new TrainingConfig
        {
            Preset = Conv3Dropout,
            DiscriminatorConvs = 3,
            Dropout = 0.4f,
            SharedDiscriminatorOptimizer = false,
        },
        Improved => new TrainingConfig
        {
            Preset = Improved,
            Architecture = Models.ModelConfig.Mlp,
            Width = 1000,
            Dropout = 0,
            FeatureMatching = true,
            UniformLatent = true,
            GeneratorOutput = Models.ModelConfig.Softplus,
            SharedDiscriminatorOptimizer = true,
            LearningRate = 3e-3f,
            Beta1 = 0.5f,
            AdamEpsilon = 1e-8f,
            AdamEpsilonInsideRoot = true,
            Ema = 0.9999f,
            GeneratorCatchUp = 1f,
            Epochs = 50,
        },
        _ => throw new ArgumentException($"unknown preset '{name}' (known: {string.Join(", ", Names)})"),
    };
}
