using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The improved preset's elementwise passes, vectorised (MlpOpGradCheckTests, MlpKernelTests): ReLU without a
/// branch (a sign branch on noisy activations mispredicts half the time), softplus and the sigmoid gradient in float
/// with a log1p that stays accurate where e^−|x| is below float's epsilon. Each is fully optimised from its first
/// call: tier-0 vector code inlines nothing and runs many times slower through a run's or a benchmark's first steps.
/// </summary>
public static class MlpKernels
{
    // x → y = x where x > 0, else 0 (NaN → 0, as the scalar form)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluForward(ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var v = Vector256.Create(x.Slice(i, 8));
            (v & Vector256.GreaterThan(v, Vector256<float>.Zero)).CopyTo(y.Slice(i, 8));
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : 0;
        }
    }

    // x, dy → dx += dy where x > 0
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var gate = Vector256.GreaterThan(Vector256.Create(x.Slice(i, 8)), Vector256<float>.Zero);
            (Vector256.Create(dx.Slice(i, 8)) + (Vector256.Create(dy.Slice(i, 8)) & gate)).CopyTo(dx.Slice(i, 8));
        }

        for (; i < x.Length; i++)
        {
            dx[i] += x[i] > 0 ? dy[i] : 0;
        }
    }

    // x → y = max(x, 0) + log1p(e^−|x|)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftplusForward(ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var v = Vector256.Create(x.Slice(i, 8));
            (Vector256.Max(v, Vector256<float>.Zero) + Log1p(Vector256.Exp(-Vector256.Abs(v)))).CopyTo(y.Slice(i, 8));
        }

        for (; i < x.Length; i++)
        {
            y[i] = (float)LossKernels.Softplus(x[i]);
        }
    }

    // x, dy → dx += dy · sigmoid(x), the derivative of softplus
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftplusBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var s = Sigmoid(Vector256.Create(x.Slice(i, 8)));
            (Vector256.Create(dx.Slice(i, 8)) + (Vector256.Create(dy.Slice(i, 8)) * s)).CopyTo(dx.Slice(i, 8));
        }

        for (; i < x.Length; i++)
        {
            dx[i] += (float)(dy[i] * LossKernels.Sigmoid(x[i]));
        }
    }

    // y = sigmoid(x), dy → dx += dy · y(1 − y)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var i = 0;
        for (; i <= y.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var s = Vector256.Create(y.Slice(i, 8));
            (Vector256.Create(dx.Slice(i, 8)) + (Vector256.Create(dy.Slice(i, 8)) * s * (Vector256<float>.One - s))).CopyTo(dx.Slice(i, 8));
        }

        for (; i < y.Length; i++)
        {
            dx[i] += dy[i] * y[i] * (1 - y[i]);
        }
    }

    // x → y = 1/(1 + e^−x)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidForward(ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Sigmoid(Vector256.Create(x.Slice(i, 8))).CopyTo(y.Slice(i, 8));
        }

        for (; i < x.Length; i++)
        {
            y[i] = (float)LossKernels.Sigmoid(x[i]);
        }
    }

    // x → y = scale·x + shift
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineForward(ReadOnlySpan<float> x, float scale, float shift, Span<float> y)
    {
        var i = 0;
        Vector256<float> a = Vector256.Create(scale), b = Vector256.Create(shift);
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            ((a * Vector256.Create(x.Slice(i, 8))) + b).CopyTo(y.Slice(i, 8));
        }

        for (; i < x.Length; i++)
        {
            y[i] = (scale * x[i]) + shift;
        }
    }

    // dy, scale → dx += scale·dy
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaledAdd(ReadOnlySpan<float> dy, float scale, Span<float> dx)
    {
        var i = 0;
        var a = Vector256.Create(scale);
        for (; i <= dy.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            (Vector256.Create(dx.Slice(i, 8)) + (a * Vector256.Create(dy.Slice(i, 8)))).CopyTo(dx.Slice(i, 8));
        }

        for (; i < dy.Length; i++)
        {
            dx[i] += scale * dy[i];
        }
    }

    // y, scale, x → y = scale·y + x (Gaussian noise: σ·ε + x over the draws, in place)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleAndAdd(Span<float> y, float scale, ReadOnlySpan<float> x)
    {
        var i = 0;
        var a = Vector256.Create(scale);
        for (; i <= y.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            ((a * Vector256.Create(y.Slice(i, 8))) + Vector256.Create(x.Slice(i, 8))).CopyTo(y.Slice(i, 8));
        }

        for (; i < y.Length; i++)
        {
            y[i] = (scale * y[i]) + x[i];
        }
    }

    // With e = e^−|x|: 1/(1 + e) for x ≥ 0, e/(1 + e) below, so e never overflows and tiny values keep their precision.
    private static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var e = Vector256.Exp(-Vector256.Abs(x));
        var r = Vector256<float>.One / (Vector256<float>.One + e);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), r, e * r);
    }

    // log(1 + t) for t ≥ 0 (Goldberg): log(u)·t/(u − 1) with u = 1 + t cancels u's rounding error; t itself where u rounds to 1.
    private static Vector256<float> Log1p(Vector256<float> t)
    {
        var u = Vector256<float>.One + t;
        var d = u - Vector256<float>.One;
        return Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<float>.Zero), t, Vector256.Log(u) * (t / d));
    }
}
