namespace Ssgan.Models;

/// <summary>Sizes of the models; tests shrink <see cref="Width"/> to check gradients on the same graphs.</summary>
public sealed record ModelConfig
{
    public const string Conv = "conv";
    public const string Mlp = "mlp";
    public const string Sigmoid = "sigmoid";
    public const string Softplus = "softplus";

    /// <summary>
    /// <see cref="Conv"/>: the article's convolutional discriminator and generator. <see cref="Mlp"/>: the improved
    /// GAN's weight-normalised MLP discriminator and batch-normalised MLP generator (<see cref="MlpStacks"/>).
    /// </summary>
    public string Architecture { get; init; } = Conv;

    /// <summary>Gaussian noise σ on the MLP discriminator's input and after each hidden layer, in training only.</summary>
    public float InputNoise { get; init; } = 0.3f;

    public float HiddenNoise { get; init; } = 0.5f;

    /// <summary>
    /// The MLP generator's last activation: <see cref="Sigmoid"/> (Salimans et al.'s script) or <see cref="Softplus"/>
    /// (unbounded above; with a sigmoid our feature matching loses the generator, see benchmarks/README.md).
    /// </summary>
    public string GeneratorOutput { get; init; } = Sigmoid;

    public int ImageSize { get; init; } = 28;

    public int Classes { get; init; } = 10;

    public int LatentSize { get; init; } = 100;

    /// <summary>Feature maps in every hidden conv layer (128 in the tutorial); for the MLP the first hidden layer's units (1000).</summary>
    public int Width { get; init; } = 128;

    public float LeakySlope { get; init; } = 0.2f;

    /// <summary>Stride-2 conv layers in the discriminator: the tutorial has 3 (28→14→7→4).</summary>
    public int DiscriminatorConvs { get; init; } = 3;

    /// <summary>Keras Dropout rate between Flatten and the Dense head in the discriminator (0.4 in the tutorial).</summary>
    public float Dropout { get; init; } = 0.4f;

    /// <summary>Side of the discriminator's last feature map: 'same' stride-2 convs give ⌈s/2⌉ each.</summary>
    public int DiscriminatorFeatureSize
    {
        get
        {
            var s = ImageSize;
            for (var i = 0; i < DiscriminatorConvs; i++)
            {
                s = (s + 1) / 2;
            }

            return s;
        }
    }

    public void Validate()
    {
        if (Architecture is not (Conv or Mlp) || (Architecture == Mlp && Width < 8) || !(InputNoise >= 0) || !(HiddenNoise >= 0) || GeneratorOutput is not (Sigmoid or Softplus))
        {
            throw new ArgumentException($"model config needs architecture {Conv} or {Mlp} (got '{Architecture}'), an MLP width ≥ 8 (got {Width}), noise σ ≥ 0 (got {InputNoise}, {HiddenNoise}), generator output {Sigmoid} or {Softplus} (got '{GeneratorOutput}')");
        }

        if (ImageSize <= 0 || ImageSize % 4 != 0 || Classes < 2 || LatentSize <= 0 || Width <= 0 || !(LeakySlope >= 0 && LeakySlope < 1)
            || DiscriminatorConvs < 1 || DiscriminatorConvs > 4 || !(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentException($"model config needs image size a positive multiple of 4 (got {ImageSize}), classes ≥ 2 (got {Classes}), latent > 0 (got {LatentSize}), width > 0 (got {Width}), 0 ≤ slope < 1 (got {LeakySlope}), 1–4 discriminator convs (got {DiscriminatorConvs}), 0 ≤ dropout < 1 (got {Dropout})");
        }
    }
}
