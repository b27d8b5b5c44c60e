using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

/// <summary>
/// Transposed convolution layer: weight [Cin, Cout, K, K] (PyTorch layout), bias [Cout]. Keras stores this kernel as
/// (kh, kw, out, in) and takes fan_in = out·kh·kw, fan_out = in·kh·kw for its Glorot limit.
/// </summary>
public sealed class ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, Padding padding, Random rng)
    : ConvLayer(
        "ConvTranspose2d", inChannels, outChannels, kernel, stride, padding, [inChannels, outChannels, kernel, kernel],
        outChannels * kernel * kernel, inChannels * kernel * kernel, rng)
{
    public override Tensor Forward(Tensor x, float? leakySlope) => Functional.ConvTranspose2d(x, Weight, Bias, Stride, Padding, leakySlope, Kernels);

    public override int[] OutputShape(int[] inputShape)
    {
        var g = ConvGeometry.ForTransposed(OutChannels, inputShape[2], inputShape[3], Kernel, Stride, Padding);
        return [inputShape[0], OutChannels, g.Height, g.Width];
    }
}
