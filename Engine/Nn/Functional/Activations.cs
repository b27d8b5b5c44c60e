using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>y = x for x &gt; 0, alpha·x otherwise (Keras LeakyReLU(alpha)).</summary>
    public static Tensor LeakyRelu(Tensor x, float alpha)
    {
        var y = new Tensor(x.Shape);
        using (Profiler.Measure("LeakyReLU fwd"))
        {
            Kernels.ActivationKernels.LeakyReluForwardParallel(x.Data, alpha, y.Data);
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("LeakyReLU bwd");
            Kernels.ActivationKernels.LeakyReluBackwardParallel(x.Data, y.Grad!, alpha, x.GradBuffer());
        });
        return y;
    }

    /// <summary>
    /// Inverted dropout (Keras Dropout(rate) in training): each element kept with probability 1 − rate and scaled by
    /// 1/(1 − rate), the mask drawn from <paramref name="rng"/>; the backward multiplies by the same mask.
    /// </summary>
    public static Tensor Dropout(Tensor x, float rate, Random rng)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"dropout rate must be in [0, 1), got {rate}");
        }

        if (rate == 0)
        {
            return x;
        }

        var y = new Tensor(x.Shape);
        var mask = new Tensor(x.Shape);
        var n = x.Size;
        Kernels.DropoutKernels.Forward(x.Data.AsSpan(0, n), rate, rng, mask.Data.AsSpan(0, n), y.Data.AsSpan(0, n));
        y.RecordOp([x], () => Kernels.DropoutKernels.Backward(y.Grad.AsSpan(0, n), mask.Data.AsSpan(0, n), x.GradBuffer().AsSpan(0, n)));
        return y;
    }

    /// <summary>y = tanh(x); the backward uses y (1 − y²) so x need not be kept.</summary>
    public static Tensor Tanh(Tensor x)
    {
        var y = new Tensor(x.Shape);
        Kernels.ActivationKernels.TanhForward(x.Data, y.Data);
        y.RecordOp([x], () => Kernels.ActivationKernels.TanhBackward(y.Data, y.Grad!, x.GradBuffer()));
        return y;
    }

    /// <summary>
    /// A view with another shape over the same data (row-major order unchanged: Flatten of NCHW gives features in
    /// channel-major order, as torch.flatten does). The gradient is passed through unchanged.
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        if (ShapeUtil.Product(shape) != x.Size)
        {
            throw new ArgumentException($"cannot reshape {ShapeUtil.Format(x.Shape)} ({x.Size} elements) to {ShapeUtil.Format(shape)}");
        }

        var y = new Tensor(shape, x.Data);
        y.RecordOp([x], () => System.Numerics.Tensors.TensorPrimitives.Add(x.GradBuffer(), y.Grad!, x.GradBuffer()));
        return y;
    }
}
