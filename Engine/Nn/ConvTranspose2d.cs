using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

/// <summary>Transposed convolution layer: weight [Cin, Cout, K, K] (PyTorch layout), bias [Cout].</summary>
public sealed class ConvTranspose2d : Module
{
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, Padding padding, Random rng)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0)
        {
            throw new ArgumentException($"ConvTranspose2d needs positive sizes, got {inChannels}→{outChannels}, kernel {kernel}, stride {stride}");
        }

        (InChannels, OutChannels, Kernel, Stride, Padding) = (inChannels, outChannels, kernel, stride, padding);
        Weight = new Parameter("weight", [inChannels, outChannels, kernel, kernel]);
        Bias = new Parameter("bias", [outChannels]);

        // Keras stores this kernel as (kh, kw, out, in) and takes fan_in = out·kh·kw, fan_out = in·kh·kw.
        Init.GlorotUniform(Weight.Data, outChannels * kernel * kernel, inChannels * kernel * kernel, rng);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public Padding Padding { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public override Tensor Forward(Tensor x) => Functional.ConvTranspose2d(x, Weight, Bias, Stride, Padding);

    public override int[] OutputShape(int[] inputShape)
    {
        var g = ConvGeometry.ForTransposed(OutChannels, inputShape[2], inputShape[3], Kernel, Stride, Padding);
        return [inputShape[0], OutChannels, g.Height, g.Width];
    }

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [("weight", Weight), ("bias", Bias)];

    public override string Describe() => $"ConvTranspose2d({InChannels}→{OutChannels}, {Kernel}×{Kernel}, stride {Stride}, {Padding})";
}
