using System.Runtime.Intrinsics;
using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Packing resolves the transposes once per block so the micro-kernel reads one contiguous layout,
/// and zero-pads partial panels so edge tiles run the same kernel (their padding is never stored to C).
/// </summary>
internal static unsafe class ManagedGemmPacking
{
    // op(A)[i0.., p0..] (mc×kc) -> dst: ceil(mc/MR) panels, each [kc][MR].
    public static void PackA(bool transA, float* a, nint lda, int i0, int mc, int p0, int kc, float* dst)
    {
        for (int ir = 0; ir < mc; ir += MR, dst += kc * MR)
        {
            int rows = Math.Min(MR, mc - ir);
            if (transA)
            {
                // Stored k×m: the MR rows of one panel are contiguous in each stored row.
                float* src = a + ((nint)p0 * lda) + i0 + ir;
                for (int p = 0; p < kc; p++, src += lda)
                {
                    float* d = dst + (p * MR);
                    int r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < MR; r++) d[r] = 0f;
                }
            }
            else if (rows == MR)
            {
                // Six row streams read in step, so dst is written sequentially rather than at a 24-byte stride.
                float* s0 = a + ((nint)(i0 + ir) * lda) + p0;
                float* s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
                for (int p = 0; p < kc; p++)
                {
                    float* d = dst + (p * MR);
                    d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p]; d[3] = s3[p]; d[4] = s4[p]; d[5] = s5[p];
                }
            }
            else
            {
                for (int r = 0; r < MR; r++)
                {
                    float* src = a + ((nint)(i0 + ir + r) * lda) + p0;
                    bool pad = r >= rows;
                    for (int p = 0; p < kc; p++) dst[(p * MR) + r] = pad ? 0f : src[p];
                }
            }
        }
    }

    // op(B)[p0.., j0..] (kc×nc) -> dst: ceil(nc/NR) panels, each [kc][NR].
    public static void PackB(bool transB, float* b, nint ldb, int p0, int kc, int j0, int nc, float* dst)
    {
        if (transB)
        {
            PackBTransposed(b, ldb, p0, kc, j0, nc, dst);
            return;
        }

        // Walk a stored row across several panels at once: a single 64-byte line per row at a 78 KB
        // stride (n = 19600) defeats the prefetchers and made packing ~20% of a small-m product.
        const int Group = 8;
        for (int jr = 0; jr < nc; jr += NR * Group)
        {
            int width = Math.Min(NR * Group, nc - jr);
            int full = width / NR;
            float* src = b + ((nint)p0 * ldb) + j0 + jr;
            float* d0 = dst + ((nint)jr * kc);
            for (int p = 0; p < kc; p++, src += ldb)
            {
                float* d = d0 + (p * NR);
                for (int g = 0; g < full; g++, d += kc * NR)
                {
                    Vector256.Store(Vector256.Load(src + (g * NR)), d);
                    Vector256.Store(Vector256.Load(src + (g * NR) + 8), d + 8);
                }

                int j = full * NR;
                if (j < width)
                {
                    int jj = 0;
                    for (; j < width; j++, jj++) d[jj] = src[j];
                    for (; jj < NR; jj++) d[jj] = 0f;
                }
            }
        }
    }

    // Stored n×k: each panel column is a contiguous run of k; strided writes are the cheaper side here.
    private static void PackBTransposed(float* b, nint ldb, int p0, int kc, int j0, int nc, float* dst)
    {
        for (int jr = 0; jr < nc; jr += NR, dst += kc * NR)
        {
            int cols = Math.Min(NR, nc - jr);
            for (int j = 0; j < NR; j++)
            {
                float* src = b + ((nint)(j0 + jr + j) * ldb) + p0;
                bool pad = j >= cols;
                for (int p = 0; p < kc; p++) dst[(p * NR) + j] = pad ? 0f : src[p];
            }
        }
    }
}
