using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

/// <summary>2-D convolution layer: weight [OC, C, K, K] (PyTorch layout), bias [OC], Keras-style 'same' padding.</summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, Padding padding, Random rng)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0)
        {
            throw new ArgumentException($"Conv2d needs positive sizes, got {inChannels}→{outChannels}, kernel {kernel}, stride {stride}");
        }

        (InChannels, OutChannels, Kernel, Stride, Padding) = (inChannels, outChannels, kernel, stride, padding);
        Weight = new Parameter("weight", [outChannels, inChannels, kernel, kernel]);
        Bias = new Parameter("bias", [outChannels]);
        Init.GlorotUniform(Weight.Data, inChannels * kernel * kernel, outChannels * kernel * kernel, rng);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public Padding Padding { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public override Tensor Forward(Tensor x) => Functional.Conv2d(x, Weight, Bias, Stride, Padding);

    public override int[] OutputShape(int[] inputShape)
    {
        var g = ConvGeometry.ForConv(InChannels, inputShape[2], inputShape[3], Kernel, Stride, Padding);
        return [inputShape[0], OutChannels, g.OutHeight, g.OutWidth];
    }

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [("weight", Weight), ("bias", Bias)];

    public override string Describe() => $"Conv2d({InChannels}→{OutChannels}, {Kernel}×{Kernel}, stride {Stride}, {Padding})";
}
