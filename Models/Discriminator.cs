using Ssgan.Engine;
using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Models;

/// <summary>
/// The tutorial's discriminator (define_discriminator): three times Conv2d(→128, 3×3, stride 2, same) →
/// LeakyReLU(0.2) (28→14→7→4), then Flatten → Dropout(0.4) → Dense(10). Its logits feed two heads over the same
/// weights: the supervised classifier (softmax) and the unsupervised real/fake output D(x) = Z/(Z+1),
/// Z = Σ exp(logits) (see <see cref="Functional.RealFakeLoss"/>). The conv count and dropout rate are settings
/// (<see cref="ModelConfig"/>) so the two-conv, no-dropout variant of the first runs can still be rebuilt.
/// Parameter names match a PyTorch module with attributes conv1…convN, fc. With
/// <see cref="ModelConfig.Mlp"/> it is the improved GAN's MLP instead (<see cref="MlpStacks"/>), same heads.
/// </summary>
public sealed class Discriminator : Module
{
    /// <summary>The conv discriminator's layer whose output feature matching compares.</summary>
    public const string ConvFeatureLayer = "flatten";

    /// <param name="rng">Draws the initial weights, then (in training mode) the dropout masks or noise.</param>
    public Discriminator(ModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        if (config.Architecture == ModelConfig.Mlp)
        {
            Layers = MlpStacks.Discriminator(config, rng);
            return;
        }

        var w = config.Width;
        var s = config.DiscriminatorFeatureSize;
        Layers = new Sequential();
        for (var i = 1; i <= config.DiscriminatorConvs; i++)
        {
            Layers.Add($"conv{i}", new Conv2d(i == 1 ? 1 : w, w, 3, 2, Padding.Same, rng))
                .Add($"act{i}", new LeakyReLU(config.LeakySlope));
        }

        Layers.Add("flatten", new Flatten());
        if (config.Dropout > 0)
        {
            Layers.Add("dropout", new Dropout(config.Dropout, rng));
        }

        Layers.Add("fc", new Dense(w * s * s, config.Classes, rng));
    }

    public ModelConfig Config { get; }

    public Sequential Layers { get; }

    /// <summary>images [N, 1, S, S] in [−1, 1] → class logits [N, classes].</summary>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Dim(1) != 1 || x.Dim(2) != Config.ImageSize || x.Dim(3) != Config.ImageSize)
        {
            throw new ArgumentException($"the discriminator takes images [N, 1, {Config.ImageSize}, {Config.ImageSize}], got {ShapeUtil.Format(x.Shape)}");
        }

        return Layers.Forward(x);
    }

    /// <summary>
    /// The logits and the features feature matching compares: the MLP's last hidden layer, or the conv stack's
    /// flattened last activation (before any dropout).
    /// </summary>
    public Tensor Forward(Tensor x, out Tensor features)
    {
        var logits = Layers.Forward(x, Config.Architecture == ModelConfig.Mlp ? MlpStacks.FeatureLayer : ConvFeatureLayer, out var tapped);
        features = tapped!;
        return logits;
    }

    /// <summary>Until disposed, forwards share each weight-normalised layer's w (see <see cref="WeightNormDense.ShareWeight"/>).</summary>
    public IDisposable ShareWeights() => Layers.ShareWeights();

    public override int[] OutputShape(int[] inputShape) => Layers.OutputShape(inputShape);

    protected override IEnumerable<Module> Children() => [Layers];

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Layers.NamedParameters();
}
