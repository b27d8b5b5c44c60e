using Ssgan.Engine;
using Ssgan.Engine.Nn;

namespace Ssgan.Models;

/// <summary>
/// The improved GAN's models (Salimans et al. 2016, their MNIST feature-matching setup), for W = <see cref="ModelConfig.Width"/>:
/// discriminator: [−1, 1] → [0, 1] → flatten → noise(σ_in) → W → W/2 → W/4 → W/4 → W/4 (weight-normalised Dense,
/// fixed scale, ReLU, noise(σ_hidden) after each) → weight-normalised Dense(classes) with a trained scale;
/// generator: uniform latent → Dense(W/2) → batch norm (shift only) → softplus → Dense(W/2) → batch norm →
/// softplus → weight-normalised Dense(pixels) → sigmoid (or softplus, <see cref="ModelConfig.GeneratorOutput"/>) → ×2 − 1. W = 1000 gives 784-1000-500-250-250-250-10
/// and 100-500-500-784. The last hidden layer's output (<see cref="FeatureLayer"/>) is what feature matching compares.
/// </summary>
public static class MlpStacks
{
    public const string FeatureLayer = "act5";

    // Their MNIST discriminator draws v from N(0, 0.1²). With Adam's roughly lr-sized steps on v, the direction
    // w = v/‖v‖ turns at a rate ∝ 1/‖v‖, so a smaller draw is a larger effective learning rate.
    private const float DirectionStd = 0.1f;

    public static int[] DiscriminatorHidden(int width) => [width, width / 2, width / 4, width / 4, width / 4];

    public static Sequential Discriminator(ModelConfig config, Rng rng)
    {
        var pixels = config.ImageSize * config.ImageSize;
        var layers = new Sequential()
            .Add("rescale", new Affine(0.5f, 0.5f))
            .Add("flatten", new Flatten())
            .Add("noise0", new GaussianNoise(config.InputNoise, rng));
        var previous = pixels;
        var hidden = DiscriminatorHidden(config.Width);
        for (var i = 0; i < hidden.Length; i++)
        {
            layers.Add($"fc{i + 1}", new WeightNormDense(previous, hidden[i], rng, trainScale: false, directionStd: DirectionStd))
                .Add($"act{i + 1}", new Relu())
                .Add($"noise{i + 1}", new GaussianNoise(config.HiddenNoise, rng));
            previous = hidden[i];
        }

        return layers.Add($"fc{hidden.Length + 1}", new WeightNormDense(previous, config.Classes, rng, trainScale: true, directionStd: DirectionStd));
    }

    public static Sequential Generator(ModelConfig config, Rng rng)
    {
        var hidden = config.Width / 2;
        return new Sequential()
            .Add("fc1", new Dense(config.LatentSize, hidden, rng))
            .Add("bn1", new BatchNorm1d(hidden, scale: false))
            .Add("act1", new Softplus())
            .Add("fc2", new Dense(hidden, hidden, rng))
            .Add("bn2", new BatchNorm1d(hidden, scale: false))
            .Add("act2", new Softplus())
            .Add("out", new WeightNormDense(hidden, config.ImageSize * config.ImageSize, rng, trainScale: true))
            .Add("out_act", config.GeneratorOutput == ModelConfig.Softplus ? new Softplus() : new Sigmoid())
            .Add("rescale", new Affine(2f, -1f))
            .Add("reshape", new Reshape(1, config.ImageSize, config.ImageSize));
    }

    /// <summary>
    /// Data-dependent initialisation of the discriminator's weight-normalised layers on a batch of images, noise on
    /// as in their init pass (deterministic=False): each layer's g and b make its pre-activations mean 0, standard
    /// deviation 1 on the batch, in order, so the training passes (noise on) start at that scale.
    /// </summary>
    public static void InitializeFromData(Sequential discriminator, Engine.Autograd.Tensor images)
    {
        using var noGrad = Engine.Autograd.Graph.NoGrad();
        discriminator.Train(true);
        var x = images;
        foreach (var (_, layer) in discriminator.Layers)
        {
            x = layer is WeightNormDense wn ? wn.InitializeFromData(x) : layer.Forward(x);
        }
    }
}
