using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Packing and storing for offset-mode jobs (<see cref="OffsetMatrix"/>): the same panel layouts as
/// <see cref="ManagedGemmPacking"/>, read through the offset tables — for B with AVX2 gathers, 16 columns of a
/// panel sharing one index vector for all kc rows — and C tiles written back element by element.
/// </summary>
internal static unsafe class ManagedGemmGather
{
    // A(i0.., p0..) (mc×kc) → dst: ceil(mc/MR) panels, each [kc][MR], rows past mc zero.
    public static void PackA(in GemmJob job, int i0, int mc, int p0, int kc, float* dst)
    {
        int* cols = job.ACols + p0;
        for (int ir = 0; ir < mc; ir += MR, dst += kc * MR)
        {
            int rows = Math.Min(MR, mc - ir);
            int* r = job.ARows + i0 + ir;
            if (rows == MR)
            {
                float* s0 = job.A + r[0], s1 = job.A + r[1], s2 = job.A + r[2], s3 = job.A + r[3], s4 = job.A + r[4], s5 = job.A + r[5];
                for (int p = 0; p < kc; p++)
                {
                    int o = cols[p];
                    float* d = dst + (p * MR);
                    d[0] = s0[o]; d[1] = s1[o]; d[2] = s2[o]; d[3] = s3[o]; d[4] = s4[o]; d[5] = s5[o];
                }

                continue;
            }

            for (int p = 0; p < kc; p++)
            {
                float* d = dst + (p * MR);
                for (int q = 0; q < MR; q++) d[q] = q < rows ? job.A[r[q] + cols[p]] : 0f;
            }
        }
    }

    // B(p0.., j0..) (kc×nc) → dst: ceil(nc/NR) panels, each [kc][NR], columns past nc zero.
    public static void PackB(in GemmJob job, int p0, int kc, int j0, int nc, float* dst)
    {
        float* b = job.B;
        int* rows = job.BRows + p0;
        for (int jr = 0; jr < nc; jr += NR, dst += kc * NR)
        {
            int cols = Math.Min(NR, nc - jr);
            int* c = job.BCols + j0 + jr;
            if (cols == NR && Contiguous(c))
            {
                // A run of 16 neighbouring pixels: plain loads (stride-1 convolutions, dense operands).
                float* first = b + c[0];
                for (int p = 0; p < kc; p++)
                {
                    float* src = first + rows[p];
                    Avx.Store(dst + (p * NR), Avx.LoadVector256(src));
                    Avx.Store(dst + (p * NR) + 8, Avx.LoadVector256(src + 8));
                }
            }
            else if (cols == NR && TwoRuns(job, c, out int split))
            {
                // The end of one image row and the start of the next (stride-1 convolutions of 14- or 28-wide
                // maps): two runs of loads blended, lanes before the split from the first.
                float* first = b + c[0], second = b + c[split] - split;
                Vector256<int> lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), at = Vector256.Create(split);
                Vector256<float> lowMask = Avx2.CompareGreaterThan(at, lane).AsSingle();
                Vector256<float> highMask = Avx2.CompareGreaterThan(at, Avx2.Add(lane, Vector256.Create(8))).AsSingle();
                for (int p = 0; p < kc; p++)
                {
                    int r = rows[p];
                    Avx.Store(dst + (p * NR), Avx.BlendVariable(Avx.LoadVector256(second + r), Avx.LoadVector256(first + r), lowMask));
                    Avx.Store(dst + (p * NR) + 8, Avx.BlendVariable(Avx.LoadVector256(second + r + 8), Avx.LoadVector256(first + r + 8), highMask));
                }
            }
            else if (cols == NR && Avx2.IsSupported)
            {
                Vector256<int> lo = Avx.LoadVector256(c), hi = Avx.LoadVector256(c + 8);
                for (int p = 0; p < kc; p++)
                {
                    float* row = b + rows[p];
                    Avx.Store(dst + (p * NR), Avx2.GatherVector256(row, lo, 4));
                    Avx.Store(dst + (p * NR) + 8, Avx2.GatherVector256(row, hi, 4));
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* row = b + rows[p];
                    float* d = dst + (p * NR);
                    for (int q = 0; q < NR; q++) d[q] = q < cols ? row[c[q]] : 0f;
                }
            }
        }
    }

    // Whether the NR offsets at c are two consecutive runs, split at `split`, whose full 16-float loads stay in B.
    private static bool TwoRuns(in GemmJob job, int* c, out int split)
    {
        split = 0;
        if (!Avx2.IsSupported)
        {
            return false;
        }

        for (int j = 1; j < NR; j++)
        {
            if (c[j] != c[j - 1] + 1)
            {
                if (split != 0)
                {
                    return false;
                }

                split = j;
            }
        }

        long lo = (long)job.BRowMin + Math.Min(c[0], c[split] - split);
        long hi = (long)job.BRowMax + Math.Max(c[0], c[split] - split) + NR - 1;
        return split != 0 && lo >= 0 && hi < job.BLength;
    }

    /// <summary>Whether the NR offsets at c are consecutive (one contiguous run of floats).</summary>
    public static bool Contiguous(int* c)
    {
        if (!Avx2.IsSupported)
        {
            return false;
        }

        // c[j] − j equal for all j ⇔ consecutive.
        Vector256<int> step = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Vector256<int> lo = Avx2.Subtract(Avx.LoadVector256(c), step);
        Vector256<int> hi = Avx2.Subtract(Avx.LoadVector256(c + 8), Avx2.Add(step, Vector256.Create(8)));
        Vector256<int> first = Vector256.Create(lo.GetElement(0));
        return Avx.TestC(Avx2.And(Avx2.CompareEqual(lo, first), Avx2.CompareEqual(hi, first)), Vector256<int>.AllBitsSet);
    }

    /// <summary>
    /// C(i0.., j0..) = alpha·tile + beta·C (+ bias on the first k-block) over the rows×cols corner of the tile;
    /// contiguous marks 16 consecutive column offsets, written with vector loads and stores.
    /// </summary>
    public static void StoreTile(in GemmJob job, float* tile, int i0, int rows, int j0, int cols, float beta, bool firstBlock, bool contiguous)
    {
        float* cBase = job.C, bias = firstBlock ? job.Bias : null;
        int* cr = job.CRows + i0, cc = job.CCols + j0;
        float alpha = job.Alpha;
        if (contiguous && cols == NR)
        {
            Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta);
            for (int r = 0; r < rows; r++)
            {
                float* c = cBase + cr[r] + cc[0];
                Vector256<float> add = Vector256.Create(bias != null ? bias[i0 + r] : 0f);
                Vector256<float> lo = Fma.MultiplyAdd(Avx.LoadVector256(tile + (r * NR)), va, add);
                Vector256<float> hi = Fma.MultiplyAdd(Avx.LoadVector256(tile + (r * NR) + 8), va, add);
                if (beta != 0f)
                {
                    lo = Fma.MultiplyAdd(Avx.LoadVector256(c), vb, lo);
                    hi = Fma.MultiplyAdd(Avx.LoadVector256(c + 8), vb, hi);
                }

                Avx.Store(c, lo);
                Avx.Store(c + 8, hi);
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            float* crow = cBase + cr[r];
            float* src = tile + (r * NR);
            float add = bias != null ? bias[i0 + r] : 0f;
            if (beta == 0f)
            {
                for (int j = 0; j < cols; j++) crow[cc[j]] = (alpha * src[j]) + add;
            }
            else
            {
                for (int j = 0; j < cols; j++) crow[cc[j]] = (alpha * src[j]) + add + (beta * crow[cc[j]]);
            }
        }
    }

    // k = 0: the product is empty, so C = beta·C (+ bias).
    public static void StoreEmpty(in GemmJob job)
    {
        float* zero = stackalloc float[MR * NR];
        new Span<float>(zero, MR * NR).Clear();
        for (int i = 0; i < job.M; i += MR)
        {
            for (int j = 0; j < job.N; j += NR)
            {
                StoreTile(job, zero, i, Math.Min(MR, job.M - i), j, Math.Min(NR, job.N - j), job.Beta, firstBlock: true, contiguous: false);
            }
        }
    }
}
