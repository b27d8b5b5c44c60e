using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

/// <summary>2-D convolution layer: weight [OC, C, K, K] (PyTorch layout), bias [OC], Keras-style 'same' padding.</summary>
public sealed class Conv2d(int inChannels, int outChannels, int kernel, int stride, Padding padding, Random rng)
    : ConvLayer(
        "Conv2d", inChannels, outChannels, kernel, stride, padding, [outChannels, inChannels, kernel, kernel],
        inChannels * kernel * kernel, outChannels * kernel * kernel, rng)
{
    public override Tensor Forward(Tensor x, float? leakySlope) => Functional.Conv2d(x, Weight, Bias, Stride, Padding, leakySlope, Kernels);

    public override int[] OutputShape(int[] inputShape)
    {
        var g = ConvGeometry.ForConv(InChannels, inputShape[2], inputShape[3], Kernel, Stride, Padding);
        return [inputShape[0], OutChannels, g.OutHeight, g.OutWidth];
    }
}
