using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>Elementwise ops of the improved preset's MLPs; each backward accumulates into its input's gradient.</summary>
public static partial class Functional
{
    /// <summary>y = max(x, 0); dy/dx = 1 where x &gt; 0.</summary>
    public static Tensor Relu(Tensor x)
    {
        var n = x.Size;
        var y = new Tensor(x.Shape);
        using (Profiler.Measure("ReLU fwd"))
        {
            for (var i = 0; i < n; i++)
            {
                y.Data[i] = x.Data[i] > 0 ? x.Data[i] : 0;
            }
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("ReLU bwd");
            var (dy, dx) = (y.Grad!, x.GradBuffer());
            for (var i = 0; i < n; i++)
            {
                dx[i] += x.Data[i] > 0 ? dy[i] : 0;
            }
        });
        return y;
    }

    /// <summary>y = log(1 + eˣ), computed as max(x, 0) + log(1 + e^−|x|) so it never overflows; dy/dx = sigmoid(x).</summary>
    public static Tensor Softplus(Tensor x)
    {
        var n = x.Size;
        var y = new Tensor(x.Shape);
        using (Profiler.Measure("Softplus fwd"))
        {
            for (var i = 0; i < n; i++)
            {
                y.Data[i] = (float)Kernels.LossKernels.Softplus(x.Data[i]);
            }
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("Softplus bwd");
            var (dy, dx) = (y.Grad!, x.GradBuffer());
            for (var i = 0; i < n; i++)
            {
                dx[i] += (float)(dy[i] * Kernels.LossKernels.Sigmoid(x.Data[i]));
            }
        });
        return y;
    }

    /// <summary>y = 1/(1 + e⁻ˣ); the backward uses y(1 − y) so x need not be kept.</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var n = x.Size;
        var y = new Tensor(x.Shape);
        using (Profiler.Measure("Sigmoid fwd"))
        {
            for (var i = 0; i < n; i++)
            {
                y.Data[i] = (float)Kernels.LossKernels.Sigmoid(x.Data[i]);
            }
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("Sigmoid bwd");
            var (dy, dx) = (y.Grad!, x.GradBuffer());
            for (var i = 0; i < n; i++)
            {
                dx[i] += dy[i] * y.Data[i] * (1 - y.Data[i]);
            }
        });
        return y;
    }

    /// <summary>
    /// y = x + σ·ε with ε ~ N(0, 1) drawn from <paramref name="rng"/> (Lasagne's GaussianNoiseLayer in training); the
    /// gradient passes through unchanged. σ = 0 returns x itself.
    /// </summary>
    public static Tensor GaussianNoise(Tensor x, float sigma, Rng rng)
    {
        if (!(sigma >= 0) || !float.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), $"noise σ must be finite and ≥ 0, got {sigma}");
        }

        if (sigma == 0)
        {
            return x;
        }

        var n = x.Size;
        var y = new Tensor(x.Shape);
        var noise = y.Data.AsSpan(0, n);
        using var profile = Profiler.Measure("GaussianNoise fwd");
        rng.NextGaussians(noise);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(noise, sigma, x.Data.AsSpan(0, n), noise);

        y.RecordOp([x], () => System.Numerics.Tensors.TensorPrimitives.Add(x.GradBuffer().AsSpan(0, n), y.Grad.AsSpan(0, n), x.GradBuffer().AsSpan(0, n)));
        return y;
    }
}
