using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Micro-kernels: one MR×NR tile of C from a packed A panel (kc columns of MR) and a packed B panel
/// (kc rows of NR). 6×16 keeps 12 ymm accumulators + 2 B vectors + 1 broadcast within the 16 AVX2 registers.
/// </summary>
internal static unsafe class ManagedGemmKernel
{
    public const int MR = 6;
    public const int NR = 16;

    public static bool FmaSupported => Fma.IsSupported && Avx2.IsSupported;

    // ap: [kc][MR], b: kc rows of NR floats wherever TRows finds them (a packed panel [kc][NR], or in place) ->
    // c: [MR][ldc] = max(v, slope·v) of v = alpha·AB + beta·C (+ bias[r] on row r when bias is not null): a layer's
    // bias and LeakyReLU applied from the registers (slope 1: none). beta = 0 never reads C.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fma6x16<TRows>(int kc, float* ap, TRows b, float alpha, float beta, float* c, nint ldc, float* bias, float slope)
        where TRows : struct, IBRows
    {
        // C rows are cold (the tile was last touched a whole k-block ago): start fetching them now
        // so the kc-step FMA loop hides the latency of the final read-modify-write.
        for (int r = 0; r < MR; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            Sse.Prefetch0(c + (r * ldc) + NR - 1);
        }

        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            float* bp = b.Next();
            Vector256<float> b0 = Avx.LoadVector256(bp);
            Vector256<float> b1 = Avx.LoadVector256(bp + 8);
            Vector256<float> a = Avx.BroadcastScalarToVector256(ap);
            c00 = Fma.MultiplyAdd(a, b0, c00); c01 = Fma.MultiplyAdd(a, b1, c01);
            a = Avx.BroadcastScalarToVector256(ap + 1);
            c10 = Fma.MultiplyAdd(a, b0, c10); c11 = Fma.MultiplyAdd(a, b1, c11);
            a = Avx.BroadcastScalarToVector256(ap + 2);
            c20 = Fma.MultiplyAdd(a, b0, c20); c21 = Fma.MultiplyAdd(a, b1, c21);
            a = Avx.BroadcastScalarToVector256(ap + 3);
            c30 = Fma.MultiplyAdd(a, b0, c30); c31 = Fma.MultiplyAdd(a, b1, c31);
            a = Avx.BroadcastScalarToVector256(ap + 4);
            c40 = Fma.MultiplyAdd(a, b0, c40); c41 = Fma.MultiplyAdd(a, b1, c41);
            a = Avx.BroadcastScalarToVector256(ap + 5);
            c50 = Fma.MultiplyAdd(a, b0, c50); c51 = Fma.MultiplyAdd(a, b1, c51);
            ap += MR;
        }

        Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta);
        if (bias == null && slope == 1f)
        {
            bool overwrite = beta == 0f;
            StoreRow(c, c00, c01, va, vb, overwrite);
            StoreRow(c + ldc, c10, c11, va, vb, overwrite);
            StoreRow(c + (2 * ldc), c20, c21, va, vb, overwrite);
            StoreRow(c + (3 * ldc), c30, c31, va, vb, overwrite);
            StoreRow(c + (4 * ldc), c40, c41, va, vb, overwrite);
            StoreRow(c + (5 * ldc), c50, c51, va, vb, overwrite);
            return;
        }

        Vector256<float> vs = Vector256.Create(slope);
        StoreRow(c, c00, c01, va, vb, beta, bias, 0, vs);
        StoreRow(c + ldc, c10, c11, va, vb, beta, bias, 1, vs);
        StoreRow(c + (2 * ldc), c20, c21, va, vb, beta, bias, 2, vs);
        StoreRow(c + (3 * ldc), c30, c31, va, vb, beta, bias, 3, vs);
        StoreRow(c + (4 * ldc), c40, c41, va, vb, beta, bias, 4, vs);
        StoreRow(c + (5 * ldc), c50, c51, va, vb, beta, bias, 5, vs);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> lo, Vector256<float> hi, Vector256<float> va, Vector256<float> vb, bool overwrite)
    {
        if (overwrite)
        {
            Avx.Store(c, Avx.Multiply(lo, va));
            Avx.Store(c + 8, Avx.Multiply(hi, va));
        }
        else
        {
            Avx.Store(c, Fma.MultiplyAdd(Avx.LoadVector256(c), vb, Avx.Multiply(lo, va)));
            Avx.Store(c + 8, Fma.MultiplyAdd(Avx.LoadVector256(c + 8), vb, Avx.Multiply(hi, va)));
        }
    }

    // The same with a row bias and max(v, slope·v) on the way out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> lo, Vector256<float> hi, Vector256<float> va, Vector256<float> vb, float beta, float* bias, int r, Vector256<float> vs)
    {
        Vector256<float> add = bias == null ? Vector256<float>.Zero : Vector256.Create(bias[r]);
        lo = Fma.MultiplyAdd(lo, va, add);
        hi = Fma.MultiplyAdd(hi, va, add);
        if (beta != 0f)
        {
            lo = Fma.MultiplyAdd(Avx.LoadVector256(c), vb, lo);
            hi = Fma.MultiplyAdd(Avx.LoadVector256(c + 8), vb, hi);
        }

        Avx.Store(c, Avx.Max(lo, Avx.Multiply(lo, vs)));
        Avx.Store(c + 8, Avx.Max(hi, Avx.Multiply(hi, vs)));
    }

    /// <summary>Same contract without AVX2/FMA: Vector128 is portable (SSE, NEON or software).</summary>
    public static void Portable6x16<TRows>(int kc, float* ap, TRows bRows, float alpha, float beta, float* c, nint ldc, float* bias, float slope)
        where TRows : struct, IBRows
    {
        for (int r = 0; r < MR; r++)
        {
            var rows = bRows;
            Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int p = 0; p < kc; p++)
            {
                Vector128<float> a = Vector128.Create(ap[(p * MR) + r]);
                float* b = rows.Next();
                s0 += a * Vector128.Load(b);
                s1 += a * Vector128.Load(b + 4);
                s2 += a * Vector128.Load(b + 8);
                s3 += a * Vector128.Load(b + 12);
            }

            float* row = c + (r * ldc);
            float add = bias == null ? 0f : bias[r];
            StorePortable(row, (s0 * alpha) + Vector128.Create(add), beta, slope);
            StorePortable(row + 4, (s1 * alpha) + Vector128.Create(add), beta, slope);
            StorePortable(row + 8, (s2 * alpha) + Vector128.Create(add), beta, slope);
            StorePortable(row + 12, (s3 * alpha) + Vector128.Create(add), beta, slope);
        }
    }

    private static void StorePortable(float* c, Vector128<float> v, float beta, float slope)
    {
        v = beta == 0f ? v : v + (Vector128.Load(c) * beta);
        Vector128.Store(Vector128.Max(v, v * slope), c);
    }
}

/// <summary>Where a micro-kernel finds the next row of its B panel (NR floats): the rows in order, one call each.</summary>
internal unsafe interface IBRows
{
    float* Next();
}

/// <summary>A packed panel: rows NR floats apart.</summary>
internal unsafe struct PackedRows(float* panel) : IBRows
{
    private float* next = panel;

    public float* Next()
    {
        var row = next;
        next += ManagedGemmKernel.NR;
        return row;
    }
}

/// <summary>
/// Rows read in place (an offset-mode B whose panel columns are NR consecutive floats): row p at origin + rows[p],
/// so the panel is never copied — for the 7×7 convolution's products (49 rows of A) packing B cost as much as a
/// third of the GEMM.
/// </summary>
internal unsafe struct TableRows(float* origin, int* rows) : IBRows
{
    private int* next = rows;

    public float* Next() => origin + *next++;
}
