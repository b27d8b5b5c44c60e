using System.Numerics.Tensors;

namespace Ssgan.Engine.Kernels;

public static class Activations
{
    // x → y = max(x, alpha·x) (alpha in [0, 1])
    public static void LeakyReluForward(ReadOnlySpan<float> x, float alpha, Span<float> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            y[i] = v > 0f ? v : alpha * v;
        }
    }

    // dy, x → dx (+=)
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float alpha, Span<float> dx)
    {
        for (var i = 0; i < x.Length; i++)
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
