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
                for (int q = 0; q < MR; q++)
                {
                    d[q] = q < rows ? job.A[r[q] + cols[p]] : 0f;
                }
            }
        }
    }

    // B(p0.., j0..) (kc×nc) → dst: ceil(nc/NR) panels, each [kc][NR], columns past nc zero; with direct, panels of
    // NR consecutive columns are skipped (the macro-kernel reads them in place).
    public static void PackB(in GemmJob job, int p0, int kc, int j0, int nc, float* dst, bool direct)
    {
        float* b = job.B;
        int* rows = job.BRows + p0;
        for (int jr = 0; jr < nc; jr += NR, dst += kc * NR)
        {
            int cols = Math.Min(NR, nc - jr);
            int* c = job.BCols + j0 + jr;
            if (direct && cols == NR && Contiguous(c))
            {
                continue;
            }

            if (cols == NR && Runs(job, c, out int count, out Vector256<int> bases, out Vector256<int> starts))
            {
                PackRuns(b, rows, kc, count, bases, starts, dst);
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
                    for (int q = 0; q < NR; q++)
                    {
                        d[q] = q < cols ? row[c[q]] : 0f;
                    }
                }
            }
        }
    }

    // A panel whose 16 columns are at most MaxRuns runs of neighbouring floats (image rows of a stride-1 or
    // phase-split convolution): per row one 16-float load per run, blended lane-wise, instead of two gathers.
    private static void PackRuns(float* b, int* rows, int kc, int count, Vector256<int> bases, Vector256<int> starts, float* dst)
    {
        Vector256<int> lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), lane8 = Avx2.Add(lane, Vector256.Create(8));
        int b0 = bases.GetElement(0), b1 = bases.GetElement(1), b2 = bases.GetElement(2), b3 = bases.GetElement(3);
        Vector256<float> m1 = Mask(lane, starts, 1), m1h = Mask(lane8, starts, 1), m2 = Mask(lane, starts, 2);
        Vector256<float> m2h = Mask(lane8, starts, 2), m3 = Mask(lane, starts, 3), m3h = Mask(lane8, starts, 3);
        for (int p = 0; p < kc; p++)
        {
            float* row = b + rows[p];
            Vector256<float> lo = Avx.LoadVector256(row + b0), hi = Avx.LoadVector256(row + b0 + 8);
            if (count > 1)
            {
                lo = Avx.BlendVariable(lo, Avx.LoadVector256(row + b1), m1);
                hi = Avx.BlendVariable(hi, Avx.LoadVector256(row + b1 + 8), m1h);
                if (count > 2)
                {
                    lo = Avx.BlendVariable(lo, Avx.LoadVector256(row + b2), m2);
                    hi = Avx.BlendVariable(hi, Avx.LoadVector256(row + b2 + 8), m2h);
                    if (count > 3)
                    {
                        lo = Avx.BlendVariable(lo, Avx.LoadVector256(row + b3), m3);
                        hi = Avx.BlendVariable(hi, Avx.LoadVector256(row + b3 + 8), m3h);
                    }
                }
            }

            Avx.Store(dst + (p * NR), lo);
            Avx.Store(dst + (p * NR) + 8, hi);
        }
    }

    // Lanes at or after run q's first lane (none when q is past the runs: its start is NR).
    private static Vector256<float> Mask(Vector256<int> lanes, Vector256<int> starts, int q) =>
        Avx2.CompareGreaterThan(lanes, Vector256.Create(starts.GetElement(q) - 1)).AsSingle();

    private const int MaxRuns = 4;

    // Splits the NR offsets at c into runs of consecutive values: run q starts at lane starts[q] and reads
    // base[q] + lane. False past MaxRuns, or when a full 16-float load of some run could leave B.
    private static bool Runs(in GemmJob job, int* c, out int count, out Vector256<int> bases, out Vector256<int> starts)
    {
        count = 0;
        bases = starts = default;
        if (!Avx2.IsSupported)
        {
            return false;
        }

        int* s = stackalloc int[8] { 0, NR, NR, NR, 0, 0, 0, 0 };
        int* o = stackalloc int[8] { c[0], c[0], c[0], c[0], 0, 0, 0, 0 };
        int n = 1;
        for (int j = 1; j < NR; j++)
        {
            if (c[j] != c[j - 1] + 1)
            {
                if (n == MaxRuns)
                {
                    return false;
                }

                s[n] = j;
                o[n++] = c[j] - j;
            }
        }

        for (int q = 0; q < n; q++)
        {
            if ((long)job.BRowMin + o[q] < 0 || (long)job.BRowMax + o[q] + NR - 1 >= job.BLength)
            {
                return false;
            }
        }

        count = n;
        bases = Avx.LoadVector256(o);
        starts = Avx.LoadVector256(s);
        return true;
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
    /// C(i0.., j0..) = alpha·tile + beta·C (+ bias on the first k-block, then LeakyReLU on the last when the job
    /// fuses it) over the rows×cols corner of the tile; contiguous marks 16 consecutive column offsets, written
    /// with vector loads and stores.
    /// </summary>
    public static void StoreTile(in GemmJob job, float* tile, int i0, int rows, int j0, int cols, float beta, bool firstBlock, bool lastBlock, bool contiguous, int split = 0)
    {
        float* cBase = job.C, bias = firstBlock ? job.Bias : null;
        int* cr = job.CRows + i0, cc = job.CCols + j0;
        float alpha = job.Alpha, slope = lastBlock && job.Leaky ? job.Slope : 1f; // max(v, 1·v) = v
        if (split > 0 && cols == NR && Avx2.IsSupported)
        {
            StoreTwoRuns(tile, rows, cBase, cr, cc, split, alpha, beta, bias == null ? null : bias + i0, slope);
            return;
        }
        if (contiguous && cols == NR)
        {
            Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta), vs = Vector256.Create(slope);
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

                Avx.Store(c, Avx.Max(lo, Avx.Multiply(lo, vs)));
                Avx.Store(c + 8, Avx.Max(hi, Avx.Multiply(hi, vs)));
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            float* crow = cBase + cr[r];
            float* src = tile + (r * NR);
            float add = bias != null ? bias[i0 + r] : 0f;
            for (int j = 0; j < cols; j++)
            {
                float v = (alpha * src[j]) + add + (beta == 0f ? 0f : beta * crow[cc[j]]);
                crow[cc[j]] = Math.Max(v, slope * v);
            }
        }
    }

    // A tile whose 16 columns are two runs of consecutive floats (lanes [0, split) and [split, 16): the pixels of
    // two images in NCHW), stored with masked vector stores — elementwise stores of such panels cost ~4 % of the
    // 14→7 convolution, whose 49-pixel images put an image boundary in a third of its panels.
    private static void StoreTwoRuns(float* tile, int rows, float* cBase, int* cr, int* cc, int split, float alpha, float beta, float* bias, float slope)
    {
        Vector256<int> lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), at = Vector256.Create(split);
        Vector256<float> first = Avx2.CompareGreaterThan(at, lane).AsSingle(), firstHi = Avx2.CompareGreaterThan(at, lane + Vector256.Create(8)).AsSingle();
        Vector256<float> second = Avx.AndNot(first, Vector256<float>.AllBitsSet), secondHi = Avx.AndNot(firstHi, Vector256<float>.AllBitsSet);
        Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta), vs = Vector256.Create(slope);
        int o0 = cc[0], o1 = cc[split] - split; // lane j of run q is at o_q + j
        for (int r = 0; r < rows; r++)
        {
            float* c0 = cBase + cr[r] + o0, c1 = cBase + cr[r] + o1;
            Vector256<float> add = Vector256.Create(bias != null ? bias[r] : 0f);
            Vector256<float> lo = Fma.MultiplyAdd(Avx.LoadVector256(tile + (r * NR)), va, add);
            Vector256<float> hi = Fma.MultiplyAdd(Avx.LoadVector256(tile + (r * NR) + 8), va, add);
            if (beta != 0f)
            {
                // Masked-off lanes load as 0 (and never fault), so the two runs' loads add up to C.
                lo = Fma.MultiplyAdd(Avx.Add(Avx.MaskLoad(c0, first), Avx.MaskLoad(c1, second)), vb, lo);
                hi = Fma.MultiplyAdd(Avx.Add(Avx.MaskLoad(c0 + 8, firstHi), Avx.MaskLoad(c1 + 8, secondHi)), vb, hi);
            }

            lo = Avx.Max(lo, Avx.Multiply(lo, vs));
            hi = Avx.Max(hi, Avx.Multiply(hi, vs));
            Avx.MaskStore(c0, first, lo);
            Avx.MaskStore(c0 + 8, firstHi, hi);
            Avx.MaskStore(c1, second, lo);
            Avx.MaskStore(c1 + 8, secondHi, hi);
        }
    }

    /// <summary>Where the NR offsets at c split into two runs of consecutive values (the second run's first lane), or 0.</summary>
    public static int TwoRuns(int* c)
    {
        int split = 0;
        for (int j = 1; j < NR; j++)
        {
            if (c[j] != c[j - 1] + 1)
            {
                if (split != 0)
                {
                    return 0;
                }

                split = j;
            }
        }

        return split;
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
                StoreTile(job, zero, i, Math.Min(MR, job.M - i), j, Math.Min(NR, job.N - j), job.Beta, firstBlock: true, lastBlock: true, contiguous: false);
            }
        }
    }
}
