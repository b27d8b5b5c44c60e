namespace Ssgan.Engine.Tests.Blas;

/// <summary>
/// Float64 reference GEMM and the one comparison every BLAS test uses. The tolerance scales with k and with
/// the magnitude of the terms (|alpha|·Σ|a||b| + |beta·c|), not with |ref|, which cancellation can make ~0.
/// </summary>
internal static class GemmReference
{
    public const double Atol = 1e-6;

    // ~3.3 unit roundoffs per term: above the worst-case float32 bound k·u, far below any real bug.
    public const double RtolPerK = 2e-7;

    /// <summary>Expected C and the per-element error budget; cOld is C before the call (ignored when beta = 0).</summary>
    public static (double[] Expected, double[] Tolerance) Compute(
        bool transA, bool transB, int m, int n, int k,
        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
        float beta, float[] cOld, int cOff, int ldc)
    {
        var expected = new double[m * n];
        var tolerance = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = a[aOff + (transA ? (p * lda) + i : (i * lda) + p)];
                    double y = b[bOff + (transB ? (j * ldb) + p : (p * ldb) + j)];
                    sum += x * y;
                    mag += Math.Abs(x * y);
                }

                double old = beta == 0f ? 0 : (double)beta * cOld[cOff + (i * ldc) + j];
                expected[(i * n) + j] = (alpha * sum) + old;
                tolerance[(i * n) + j] = Atol + (RtolPerK * (k + 2) * ((Math.Abs(alpha) * mag) + Math.Abs(old)));
            }
        }

        return (expected, tolerance);
    }

    /// <summary>First problem found, or null: region elements against the reference, the rest bit-identical to before.</summary>
    public static string? FirstMismatch(
        double[] expected, double[] tolerance, int m, int n, float[] c, int cOff, int ldc, float[] cBefore)
    {
        for (int idx = 0; idx < c.Length; idx++)
        {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
            if (i >= 0 && i < m && j < n)
            {
                double want = expected[(i * n) + j], tol = tolerance[(i * n) + j];
                if (!(Math.Abs(c[idx] - want) <= tol))
                {
                    return $"C[{i},{j}] = {c[idx]:R}, expected {want:R} ± {tol:G3}";
                }
            }
            else if (BitConverter.SingleToInt32Bits(c[idx]) != BitConverter.SingleToInt32Bits(cBefore[idx]))
            {
                return $"element {idx} outside C's {m}×{n} region (offset {cOff}, ldc {ldc}) was written: {cBefore[idx]} -> {c[idx]}";
            }
        }

        return null;
    }

    public static float[] RandomArray(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
