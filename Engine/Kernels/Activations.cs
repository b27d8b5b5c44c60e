using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

public static class Activations
{
    // x → y = x for x > 0, alpha·x otherwise
    public static void LeakyReluForward(ReadOnlySpan<float> x, float alpha, Span<float> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * a).CopyTo(y.Slice(i, 8));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : alpha * x[i];
        }
    }

    // dy, x → dx (+=)
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float alpha, Span<float> dx)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= x.Length - 8; i += 8)
            {
                var g = Vector256.Create(dy.Slice(i, 8));
                var mask = Vector256.GreaterThan(Vector256.Create(x.Slice(i, 8)), Vector256<float>.Zero);
                (Vector256.Create(dx.Slice(i, 8)) + Vector256.ConditionalSelect(mask, g, g * a)).CopyTo(dx.Slice(i, 8));
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] += x[i] > 0f ? dy[i] : alpha * dy[i];
        }
    }

    public static void TanhForward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    // dy, y → dx (+=) with dtanh = 1 − y²
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < y.Length; i++)
        {
            dx[i] += dy[i] * (1f - (y[i] * y[i]));
        }
    }
}
