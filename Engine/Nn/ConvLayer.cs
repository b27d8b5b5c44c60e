using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

/// <summary>What Conv2d and ConvTranspose2d share: sizes, a Glorot-initialised kernel, a zero bias, their names.</summary>
public abstract class ConvLayer : Module
{
    private readonly string kind;

    protected ConvLayer(string kind, int inChannels, int outChannels, int kernel, int stride, Padding padding, int[] weightShape, int fanIn, int fanOut, Random rng)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0)
        {
            throw new ArgumentException($"{kind} needs positive sizes, got {inChannels}→{outChannels}, kernel {kernel}, stride {stride}");
        }

        this.kind = kind;
        (InChannels, OutChannels, Kernel, Stride, Padding) = (inChannels, outChannels, kernel, stride, padding);
        Weight = new Parameter("weight", weightShape);
        Bias = new Parameter("bias", [outChannels]);
        Init.GlorotUniform(Weight.Data, fanIn, fanOut, rng);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public Padding Padding { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    /// <summary>
    /// The kernel paths and provider the layer runs on; null for the current provider's default. Settable so a
    /// benchmark can compare paths on a model built elsewhere; set it before a forward, not during one.
    /// </summary>
    public KernelOptions? Kernels { get; set; }

    public override Tensor Forward(Tensor x) => Forward(x, null);

    /// <summary>The layer, then LeakyReLU(leakySlope) fused into its kernels' store when a slope is given.</summary>
    public abstract Tensor Forward(Tensor x, float? leakySlope);

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [("weight", Weight), ("bias", Bias)];

    public override string Describe() => $"{kind}({InChannels}→{OutChannels}, {Kernel}×{Kernel}, stride {Stride}, {Padding})";
}
