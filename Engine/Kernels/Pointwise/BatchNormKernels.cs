using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Batch normalisation one row of [N, F] at a time, eight columns a vector, each column's arithmetic in double
/// exactly as the scalar form does it (MlpOpGradCheckTests.BatchNormGradientsAndStatistics, MlpKernelTests).
/// </summary>
public static class BatchNormKernels
{
    private const int Lanes = 8;

    // row [F] → sums[j] += row[j]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(ReadOnlySpan<float> row, Span<double> sums)
    {
        var j = 0;
        for (; j <= row.Length - Lanes; j += Lanes)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(j, Lanes)));
            (Vector256.Create<double>(sums.Slice(j, 4)) + lo).CopyTo(sums.Slice(j, 4));
            (Vector256.Create<double>(sums.Slice(j + 4, 4)) + hi).CopyTo(sums.Slice(j + 4, 4));
        }

        for (; j < row.Length; j++)
        {
            sums[j] += row[j];
        }
    }

    // row, mean → squares[j] += (row[j] − mean[j])²
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaredDeviations(ReadOnlySpan<float> row, ReadOnlySpan<double> mean, Span<double> squares)
    {
        var j = 0;
        for (; j <= row.Length - Lanes; j += Lanes)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(j, Lanes)));
            var dlo = lo - Vector256.Create(mean.Slice(j, 4));
            var dhi = hi - Vector256.Create(mean.Slice(j + 4, 4));
            (Vector256.Create<double>(squares.Slice(j, 4)) + (dlo * dlo)).CopyTo(squares.Slice(j, 4));
            (Vector256.Create<double>(squares.Slice(j + 4, 4)) + (dhi * dhi)).CopyTo(squares.Slice(j + 4, 4));
        }

        for (; j < row.Length; j++)
        {
            var d = row[j] - mean[j];
            squares[j] += d * d;
        }
    }

    // row, μ, 1/σ, γ (empty: 1), β → x̂ = (float)((row − μ)·(1/σ)), y = γ·x̂ + β
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Normalize(ReadOnlySpan<float> row, ReadOnlySpan<double> mean, ReadOnlySpan<double> invStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y)
    {
        var j = 0;
        for (; j <= row.Length - Lanes; j += Lanes)
        {
            var scale = gamma.IsEmpty ? Vector256<float>.One : Vector256.Create(gamma.Slice(j, Lanes));
            ((scale * Xhat(row, mean, invStd, j)) + Vector256.Create(beta.Slice(j, Lanes))).CopyTo(y.Slice(j, Lanes));
        }

        for (; j < row.Length; j++)
        {
            y[j] = ((gamma.IsEmpty ? 1f : gamma[j]) * (float)((row[j] - mean[j]) * invStd[j])) + beta[j];
        }
    }

    // row, dy row, μ, 1/σ → sumDy[j] += dy[j], sumDyXhat[j] += dy[j]·x̂[j]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddGradientSums(ReadOnlySpan<float> row, ReadOnlySpan<float> dy, ReadOnlySpan<double> mean, ReadOnlySpan<double> invStd, Span<double> sumDy, Span<double> sumDyXhat)
    {
        var j = 0;
        for (; j <= row.Length - Lanes; j += Lanes)
        {
            var (glo, ghi) = Vector256.Widen(Vector256.Create(dy.Slice(j, Lanes)));
            var (hlo, hhi) = Vector256.Widen(Xhat(row, mean, invStd, j));
            (Vector256.Create<double>(sumDy.Slice(j, 4)) + glo).CopyTo(sumDy.Slice(j, 4));
            (Vector256.Create<double>(sumDy.Slice(j + 4, 4)) + ghi).CopyTo(sumDy.Slice(j + 4, 4));
            (Vector256.Create<double>(sumDyXhat.Slice(j, 4)) + (glo * hlo)).CopyTo(sumDyXhat.Slice(j, 4));
            (Vector256.Create<double>(sumDyXhat.Slice(j + 4, 4)) + (ghi * hhi)).CopyTo(sumDyXhat.Slice(j + 4, 4));
        }

        for (; j < row.Length; j++)
        {
            sumDy[j] += dy[j];
            sumDyXhat[j] += (double)dy[j] * (float)((row[j] - mean[j]) * invStd[j]);
        }
    }

    // row, dy row, μ, 1/σ, k = γ/σ, Σdy/n, Σdy·x̂, n → dx[j] += (float)(k·(dy − Σdy/n − x̂·Σdy·x̂/n))
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInputGradient(ReadOnlySpan<float> row, ReadOnlySpan<float> dy, ReadOnlySpan<double> mean, ReadOnlySpan<double> invStd, ReadOnlySpan<double> k, ReadOnlySpan<double> meanDy, ReadOnlySpan<double> sumDyXhat, int n, Span<float> dx)
    {
        var j = 0;
        var count = Vector256.Create((double)n);
        for (; j <= row.Length - Lanes; j += Lanes)
        {
            var (glo, ghi) = Vector256.Widen(Vector256.Create(dy.Slice(j, Lanes)));
            var (hlo, hhi) = Vector256.Widen(Xhat(row, mean, invStd, j));
            var lo = Vector256.Create(k.Slice(j, 4)) * (glo - Vector256.Create(meanDy.Slice(j, 4)) - (hlo * Vector256.Create(sumDyXhat.Slice(j, 4)) / count));
            var hi = Vector256.Create(k.Slice(j + 4, 4)) * (ghi - Vector256.Create(meanDy.Slice(j + 4, 4)) - (hhi * Vector256.Create(sumDyXhat.Slice(j + 4, 4)) / count));
            (Vector256.Create(dx.Slice(j, Lanes)) + Vector256.Narrow(lo, hi)).CopyTo(dx.Slice(j, Lanes));
        }

        for (; j < row.Length; j++)
        {
            var xhat = (float)((row[j] - mean[j]) * invStd[j]);
            dx[j] += (float)(k[j] * (dy[j] - meanDy[j] - (xhat * sumDyXhat[j] / n)));
        }
    }

    // x̂ of columns j..j+7: (float)((row − μ)·(1/σ)), in double then rounded, as the scalar form
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Xhat(ReadOnlySpan<float> row, ReadOnlySpan<double> mean, ReadOnlySpan<double> invStd, int j)
    {
        var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(j, Lanes)));
        return Vector256.Narrow(
            (lo - Vector256.Create(mean.Slice(j, 4))) * Vector256.Create(invStd.Slice(j, 4)),
            (hi - Vector256.Create(mean.Slice(j + 4, 4))) * Vector256.Create(invStd.Slice(j + 4, 4)));
    }
}
