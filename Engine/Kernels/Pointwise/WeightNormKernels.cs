using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

/// <summary>Weight normalisation one row of v at a time, vectorised and fully optimised from the first call (MlpOpGradCheckTests.WeightNormGradients).</summary>
public static class WeightNormKernels
{
    /// <summary>
    /// Σ a_k·b_k accumulated in double: a product of two floats is exact in double, so only the additions round and
    /// the error stays below n·2⁻⁵³·Σ|a_k·b_k| however much the terms cancel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DotDouble(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"dot of spans of {a.Length} and {b.Length} values");
        }

        Vector256<double> acc0 = Vector256<double>.Zero, acc1 = Vector256<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var (alo, ahi) = Vector256.Widen(Vector256.Create(a.Slice(i, 8)));
            var (blo, bhi) = Vector256.Widen(Vector256.Create(b.Slice(i, 8)));
            acc0 += alo * blo;
            acc1 += ahi * bhi;
        }

        var sum = Vector256.Sum(acc0 + acc1);
        for (; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    // v (one row), factor = g/‖v‖ → w = factor·v
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowForward(ReadOnlySpan<float> v, float factor, Span<float> w)
    {
        var i = 0;
        var f = Vector256.Create(factor);
        for (; i <= v.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            (f * Vector256.Create(v.Slice(i, 8))).CopyTo(w.Slice(i, 8));
        }

        for (; i < v.Length; i++)
        {
            w[i] = factor * v[i];
        }
    }

    // dw, v (one row), s = g/‖v‖, t = g·(dw·v)/‖v‖³ → dv += s·dw − t·v (= (g/‖v‖)(dw − (dw·v̂)v̂))
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowBackward(ReadOnlySpan<float> dw, ReadOnlySpan<float> v, float s, float t, Span<float> dv)
    {
        if (dw.Length != v.Length || dv.Length != v.Length)
        {
            throw new ArgumentException($"weight norm row backward: dw {dw.Length}, v {v.Length}, dv {dv.Length}");
        }

        var i = 0;
        Vector256<float> vs = Vector256.Create(s), vt = Vector256.Create(t);
        for (; i <= v.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var step = (vs * Vector256.Create(dw.Slice(i, 8))) - (vt * Vector256.Create(v.Slice(i, 8)));
            (Vector256.Create(dv.Slice(i, 8)) + step).CopyTo(dv.Slice(i, 8));
        }

        for (; i < v.Length; i++)
        {
            dv[i] += (s * dw[i]) - (t * v[i]);
        }
    }
}
