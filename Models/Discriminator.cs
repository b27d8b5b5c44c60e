using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Models;

/// <summary>
/// The tutorial's discriminator: Conv2d(1→128, 3×3, stride 2, same) → LeakyReLU(0.2) → Conv2d(128→128, 3×3,
/// stride 2, same) → LeakyReLU(0.2) → Flatten → Dense(10). Its logits feed two heads over the same weights:
/// the supervised classifier (softmax) and the unsupervised real/fake output D(x) = Z/(Z+1), Z = Σ exp(logits)
/// (see <see cref="Functional.RealFakeLoss"/>). Parameter names match a PyTorch module with attributes
/// conv1, conv2, fc.
/// </summary>
public sealed class Discriminator : Module
{
    public Discriminator(ModelConfig config, Random rng)
    {
        config.Validate();
        Config = config;
        var w = config.Width;
        var s = config.ImageSize / 4;
        Layers = new Sequential()
            .Add("conv1", new Conv2d(1, w, 3, 2, Padding.Same, rng))
            .Add("act1", new LeakyReLU(config.LeakySlope))
            .Add("conv2", new Conv2d(w, w, 3, 2, Padding.Same, rng))
            .Add("act2", new LeakyReLU(config.LeakySlope))
            .Add("flatten", new Flatten())
            .Add("fc", new Dense(w * s * s, config.Classes, rng));
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

    public override int[] OutputShape(int[] inputShape) => Layers.OutputShape(inputShape);

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Layers.NamedParameters();
}
