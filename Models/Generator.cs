using Ssgan.Engine;
using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Models;

/// <summary>
/// The tutorial's generator: latent 100 → Dense(128·7·7) → LeakyReLU(0.2) → reshape 128×7×7 →
/// ConvTranspose2d(128, 4×4, stride 2, same) → LeakyReLU(0.2) → ConvTranspose2d(128, 4×4, stride 2, same) →
/// LeakyReLU(0.2) → Conv2d(128→1, 7×7, same) → tanh. Parameter names: fc, up1, up2, out. With
/// <see cref="ModelConfig.Mlp"/> the improved GAN's MLP generator instead (<see cref="MlpStacks"/>).
/// </summary>
public sealed class Generator : Module
{
    public Generator(ModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        if (config.Architecture == ModelConfig.Mlp)
        {
            Layers = MlpStacks.Generator(config, rng);
            return;
        }

        var w = config.Width;
        var s = config.ImageSize / 4;
        Layers = new Sequential()
            .Add("fc", new Dense(config.LatentSize, w * s * s, rng))
            .Add("act0", new LeakyReLU(config.LeakySlope))
            .Add("reshape", new Reshape(w, s, s))
            .Add("up1", new ConvTranspose2d(w, w, 4, 2, Padding.Same, rng))
            .Add("act1", new LeakyReLU(config.LeakySlope))
            .Add("up2", new ConvTranspose2d(w, w, 4, 2, Padding.Same, rng))
            .Add("act2", new LeakyReLU(config.LeakySlope))
            .Add("out", new Conv2d(w, 1, 7, 1, Padding.Same, rng))
            .Add("tanh", new Tanh());
    }

    public ModelConfig Config { get; }

    public Sequential Layers { get; }

    protected override IEnumerable<Module> Children() => [Layers];

    /// <summary>latent points [N, latent] → images [N, 1, S, S] in (−1, 1).</summary>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 2 || x.Dim(1) != Config.LatentSize)
        {
            throw new ArgumentException($"the generator takes latent points [N, {Config.LatentSize}], got {ShapeUtil.Format(x.Shape)}");
        }

        return Layers.Forward(x);
    }

    public override int[] OutputShape(int[] inputShape) => Layers.OutputShape(inputShape);

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Layers.NamedParameters();
}
