using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
                    for (; r < rows; r++)
                    {
                        d[r] = src[r];
                    }

                    for (; r < MR; r++)
                    {
                        d[r] = 0f;
                    }
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
                    for (int p = 0; p < kc; p++)
                    {
                        dst[(p * MR) + r] = pad ? 0f : src[p];
                    }
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
                    for (; j < width; j++, jj++)
                    {
                        d[jj] = src[j];
                    }

                    for (; jj < NR; jj++)
                    {
                        d[jj] = 0f;
                    }
                }
            }
        }
    }

    // Stored n×k: each panel column is a contiguous run of k. Full panels go 8 columns × 8 k at a time through an
    // in-register transpose (8 row loads, 8 row stores); the scalar copy it replaces cost ~0.5 ns an element, a
    // fifth of a 128×128 product's time when its k is long (the Winograd weight gradient's).
    private static void PackBTransposed(float* b, nint ldb, int p0, int kc, int j0, int nc, float* dst)
    {
        for (int jr = 0; jr < nc; jr += NR, dst += kc * NR)
        {
            int cols = Math.Min(NR, nc - jr), p = 0;
            float* src = b + ((nint)(j0 + jr) * ldb) + p0;
            if (cols == NR && Avx.IsSupported)
            {
                for (; p + 8 <= kc; p += 8)
                {
                    Transpose8x8(src + p, ldb, dst + (p * NR), NR);
                    Transpose8x8(src + (8 * ldb) + p, ldb, dst + (p * NR) + 8, NR);
                }
            }

            for (int j = 0; j < NR; j++)
            {
                float* column = src + (j * ldb);
                bool pad = j >= cols;
                for (int q = p; q < kc; q++)
                {
                    dst[(q * NR) + j] = pad ? 0f : column[q];
                }
            }
        }
    }

    // to[r·toStride + c] = from[c·fromStride + r] for an 8×8 block.
    private static void Transpose8x8(float* from, nint fromStride, float* to, nint toStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(from), r1 = Avx.LoadVector256(from + fromStride);
        Vector256<float> r2 = Avx.LoadVector256(from + (2 * fromStride)), r3 = Avx.LoadVector256(from + (3 * fromStride));
        Vector256<float> r4 = Avx.LoadVector256(from + (4 * fromStride)), r5 = Avx.LoadVector256(from + (5 * fromStride));
        Vector256<float> r6 = Avx.LoadVector256(from + (6 * fromStride)), r7 = Avx.LoadVector256(from + (7 * fromStride));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0b01_00_01_00), u1 = Avx.Shuffle(t0, t2, 0b11_10_11_10);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0b01_00_01_00), u3 = Avx.Shuffle(t1, t3, 0b11_10_11_10);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0b01_00_01_00), u5 = Avx.Shuffle(t4, t6, 0b11_10_11_10);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0b01_00_01_00), u7 = Avx.Shuffle(t5, t7, 0b11_10_11_10);
        Avx.Store(to, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(to + toStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(to + (2 * toStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(to + (3 * toStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(to + (4 * toStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(to + (5 * toStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(to + (6 * toStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(to + (7 * toStride), Avx.Permute2x128(u3, u7, 0x31));
    }
}
