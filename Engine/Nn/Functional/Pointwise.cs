using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

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
            MlpKernels.ReluForward(x.Data.AsSpan(0, n), y.Data.AsSpan(0, n));
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("ReLU bwd");
            MlpKernels.ReluBackward(x.Data.AsSpan(0, n), y.Grad.AsSpan(0, n), x.GradBuffer().AsSpan(0, n));
        });
        return y;
    }

    /// <summary>y = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows; dy/dx = sigmoid(x).</summary>
    public static Tensor Softplus(Tensor x)
    {
        var n = x.Size;
        var y = new Tensor(x.Shape);
        using (Profiler.Measure("Softplus fwd"))
        {
            MlpKernels.SoftplusForward(x.Data.AsSpan(0, n), y.Data.AsSpan(0, n));
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("Softplus bwd");
            MlpKernels.SoftplusBackward(x.Data.AsSpan(0, n), y.Grad.AsSpan(0, n), x.GradBuffer().AsSpan(0, n));
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
            MlpKernels.SigmoidForward(x.Data.AsSpan(0, n), y.Data.AsSpan(0, n));
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("Sigmoid bwd");
            MlpKernels.SigmoidBackward(y.Data.AsSpan(0, n), y.Grad.AsSpan(0, n), x.GradBuffer().AsSpan(0, n));
        });
        return y;
    }

    /// <summary>y = scale·x + shift with fixed scale and shift; dx = scale·dy.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        var n = x.Size;
        var y = new Tensor(x.Shape);
        using (Profiler.Measure("Affine fwd"))
        {
            MlpKernels.AffineForward(x.Data.AsSpan(0, n), scale, shift, y.Data.AsSpan(0, n));
        }

        y.RecordOp([x], () =>
        {
            using var profileB = Profiler.Measure("Affine bwd");
            MlpKernels.ScaledAdd(y.Grad.AsSpan(0, n), scale, x.GradBuffer().AsSpan(0, n));
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
        using (Profiler.Measure("GaussianNoise fwd"))
        {
            NoiseKernel.AddGaussian(x.Data.AsSpan(0, n), sigma, rng, y.Data.AsSpan(0, n));
        }

        y.RecordOp([x], () => MlpKernels.ScaledAdd(y.Grad.AsSpan(0, n), 1f, x.GradBuffer().AsSpan(0, n)));
        return y;
    }
}
