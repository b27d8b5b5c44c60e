namespace Ssgan.Training.Sgan;

/// <summary>
/// Named starting points for a run; every knob can still be set on top of one. <c>seed</c> is the system of the
/// seed article (two stride-2 convs, no dropout, one Adam state for both discriminator updates) and the default;
/// <c>conv3-dropout</c> is the longer Keras tutorial's discriminator (three convs, Dropout 0.4) with the separate
/// optimizer states this project first trained it with.
/// </summary>
public static class TrainingPresets
{
    public const string Seed = "seed";
    public const string Conv3Dropout = "conv3-dropout";
    public const string Default = Seed;

    public static IReadOnlyList<string> Names { get; } = [Seed, Conv3Dropout];

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
        _ => throw new ArgumentException($"unknown preset '{name}' (known: {string.Join(", ", Names)})"),
    };
}
