using System.Runtime.CompilerServices;
using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>
/// BLIS loop nest for one thread's share of C. Block sizes for one Zen core: a KC×NR B panel (16 KiB)
/// stays in the 32 KiB L1d, an MC×KC A block (144 KiB) in the 512 KiB L2, a KC×NC B block (4 MiB) in L3.
/// A share of at most MC rows (every 49..128-row layer product here) takes its k-blocks up to KLong deep.
/// </summary>
internal static unsafe class ManagedGemmDriver
{
    public const int MC = 144;
    public const int KC = 256;
    public const int NC = 4080;
    public const int BSlice = 8 * NR;

    /// <summary>
    /// The deepest k-block of a one-A-block share. Fewer, deeper blocks store each C tile fewer times, and the
    /// stores of panels across two NCHW images are the slow ones; the B panel then streams from L2.
    /// </summary>
    public const int KLong = 2048;

    // Per-thread pack buffers: allocated once per thread (pinned, so no fixed is needed), reused by every call.
    [ThreadStatic] private static float[]? packA;
    [ThreadStatic] private static float[]? packB;

    /// <summary>C[i0..i1, j0..j1] = alpha·op(A)·op(B) + beta·C for pointers already offset to element 0.</summary>
    public static void Run(in GemmJob job, int i0, int i1, int j0, int j1)
    {
        if (job.Packed)
        {
            RunPacked(job, i0, i1, j0, j1);
            return;
        }

        float* ap = Align(packA ??= GC.AllocateUninitializedArray<float>((MC * KLong) + 16, pinned: true));
        float* bp = Align(packB ??= GC.AllocateUninitializedArray<float>((KC * NC) + 16, pinned: true)); // ≥ KLong·BSlice
        int kstep = i1 - i0 <= MC ? BalancedDepth(job.K) : KC;
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int pc = 0; pc < job.K; pc += kstep)
            {
                int kc = Math.Min(kstep, job.K - pc);
                float beta = pc == 0 ? job.Beta : 1f; // later k-blocks accumulate onto the first
                if (i1 - i0 <= MC)
                {
                    // One A block (m ≤ MC, e.g. the 49..128-row workload shapes): B is used by one block only,
                    // so pack it in L2-sized slices right before use instead of round-tripping 4 MiB through L3.
                    float* a = job.APacked ? job.A + ((nint)i0 * job.K) : ap; // packed by the caller: this share's panels
                    if (!job.APacked)
                    {
                        PackA(job, i0, i1 - i0, pc, kc, ap);
                    }

                    for (int js = 0; js < nc; js += BSlice)
                    {
                        int ns = Math.Min(BSlice, nc - js);
                        PackB(job, pc, kc, jc + js, ns, bp, !job.PackEveryB);
                        Macro(job, i0, jc + js, i1 - i0, ns, kc, a, bp, beta, pc == 0, pc + kc == job.K, job.PackEveryB ? -1 : pc);
                    }

                    continue;
                }

                PackB(job, pc, kc, jc, nc, bp, direct: false);
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    PackA(job, ic, mc, pc, kc, ap);
                    Macro(job, ic, jc, mc, nc, kc, ap, bp, beta, pc == 0, pc + kc == job.K);
                }
            }
        }
    }

    // Operands packed by the caller (i0 on a panel boundary): A's panels [K][MR] from row i0, B's [K][NR] from
    // column j0, so the loop nest is only the macro-kernel over L2-sized slices of B.
    private static void RunPacked(in GemmJob job, int i0, int i1, int j0, int j1)
    {
        for (int js = j0; js < j1; js += BSlice)
        {
            int ns = Math.Min(BSlice, j1 - js);
            Macro(job, i0, js, i1 - i0, ns, job.K, job.A + ((nint)i0 * job.K), job.B + ((nint)js * job.K), job.Beta, true, true);
        }
    }

    // K in as few blocks of at most KLong as it takes, of equal depth (no thin last block).
    private static int BalancedDepth(int k)
    {
        int blocks = Math.Max(1, (k + KLong - 1) / KLong);
        return (k + blocks - 1) / blocks;
    }

    private static void PackA(in GemmJob job, int i0, int mc, int p0, int kc, float* dst)
    {
        if (job.Offsets)
        {
            ManagedGemmGather.PackA(job, i0, mc, p0, kc, dst);
        }
        else
        {
            ManagedGemmPacking.PackA(job.TransA, job.A, job.Lda, i0, mc, p0, kc, dst);
        }
    }

    // In one-A-block shares an offset-mode B's panel of NR consecutive columns is read where it is, row by row
    // through the row table (TableRows), unless the job says PackEveryB.
    private static void PackB(in GemmJob job, int p0, int kc, int j0, int nc, float* dst, bool direct)
    {
        if (job.Offsets)
        {
            ManagedGemmGather.PackB(job, p0, kc, j0, nc, dst, direct);
        }
        else
        {
            ManagedGemmPacking.PackB(job.TransB, job.B, job.Ldb, p0, kc, j0, nc, dst);
        }
    }

    // jr outer, ir inner: one B panel stays hot in L1 while the A panels stream from L2. C block at (i0, j0).
    // directFrom ≥ 0: an offset-mode B's panels of NR consecutive columns were not packed (PackB with direct) and
    // are read in place from B's row p0 = directFrom on.
    private static void Macro(in GemmJob job, int i0, int j0, int mc, int nc, int kc, float* ap, float* bp, float beta, bool firstBlock, bool lastBlock, int directFrom = -1)
    {
        float* buffer = stackalloc float[(ManagedGemmKernel512.MaxPanels * MR * NR) + 16];
        float* tile = (float*)(((nint)buffer + 63) & ~(nint)63); // an unaligned tile made every store a line split
        float* c = job.C + (i0 * job.Ldc) + j0;
        for (int jr = 0; jr < nc; jr += NR)
        {
            int cols = Math.Min(NR, nc - jr);
            float* b = bp + (jr * kc);
            bool contiguous = job.Offsets && cols == NR && ManagedGemmGather.Contiguous(job.CCols + j0 + jr);
            int split = job.Offsets && cols == NR && !contiguous ? ManagedGemmGather.TwoRuns(job.CCols + j0 + jr) : 0;
            if (job.Offsets)
            {
                if (directFrom >= 0 && cols == NR && ManagedGemmGather.Contiguous(job.BCols + j0 + jr))
                {
                    OffsetTiles(job, new TableRows(job.B + job.BCols[j0 + jr], job.BRows + directFrom), i0, j0 + jr, mc, cols, kc, ap, beta, firstBlock, lastBlock, tile, contiguous, split);
                }
                else
                {
                    OffsetTiles(job, new PackedRows(b), i0, j0 + jr, mc, cols, kc, ap, beta, firstBlock, lastBlock, tile, contiguous, split);
                }

                continue;
            }

            int step = RowStep(job.Kernel);
            for (int ir = 0, rows; ir < mc; ir += rows)
            {
                rows = RowsAt(step, mc - ir);
                int panels = (rows + MR - 1) / MR;
                float* a = ap + (ir * kc);
                float* cij = c + (ir * job.Ldc) + jr;
                if (rows == panels * MR && cols == NR)
                {
                    Tile(job.Kernel, panels, kc, a, new PackedRows(b), job.Alpha, beta, cij, job.Ldc, null, 1f);
                    continue;
                }

                Tile(job.Kernel, panels, kc, a, new PackedRows(b), job.Alpha, 0f, tile, NR, null, 1f);
                MergeEdge(tile, rows, cols, beta, cij, job.Ldc);
            }
        }
    }

    // One column of tiles of an offset-mode job (C block at row i0, column j): stored straight into C when its
    // rows are evenly spaced and its columns consecutive, else through the tile buffer.
    private static void OffsetTiles<TRows>(
        in GemmJob job, TRows b, int i0, int j, int mc, int cols, int kc, float* ap, float beta, bool firstBlock, bool lastBlock, float* tile, bool contiguous, int split)
        where TRows : struct, IBRows
    {
        float* bias = firstBlock ? job.Bias : null; // a layer's bias and activation go on with the first and last k-block
        float slope = lastBlock && job.Leaky ? job.Slope : 1f;
        int step = RowStep(job.Kernel);
        for (int ir = 0, rows; ir < mc; ir += rows)
        {
            rows = RowsAt(step, mc - ir);
            int panels = (rows + MR - 1) / MR;
            float* a = ap + (ir * kc);
            if (contiguous && rows == panels * MR && job.CRowStride > 0)
            {
                Tile(job.Kernel, panels, kc, a, b, job.Alpha, beta, job.C + job.CRows[i0 + ir] + job.CCols[j], job.CRowStride, bias == null ? null : bias + i0 + ir, slope);
                continue;
            }

            Tile(job.Kernel, panels, kc, a, b, 1f, 0f, tile, NR, null, 1f);
            ManagedGemmGather.StoreTile(job, tile, i0 + ir, rows, j, cols, beta, firstBlock, lastBlock, contiguous, split);
        }
    }

    // Rows of C per micro-kernel call: the AVX-512 kernel takes up to four A panels at once (one B load per 24 FMAs).
    private static int RowStep(ManagedKernel kernel) => kernel == ManagedKernel.Avx512 ? ManagedGemmKernel512.MaxPanels * MR : MR;

    // The rows of the next call with `left` rows to go: whole panels first, so only a last partial panel goes
    // through the tile buffer (not the whole group it would otherwise share a call with).
    private static int RowsAt(int step, int left) => left < MR ? left : Math.Min(step, left) / MR * MR;

    // panels·MR rows of C from that many adjacent A panels (panels > 1 only for the AVX-512 kernel).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TRows>(ManagedKernel kernel, int panels, int kc, float* a, TRows b, float alpha, float beta, float* c, nint ldc, float* bias, float slope)
        where TRows : struct, IBRows
    {
        if (kernel == ManagedKernel.Avx512)
        {
            ManagedGemmKernel512.Tile(panels, kc, a, b, alpha, beta, c, ldc, bias, slope);
        }
        else if (kernel == ManagedKernel.Avx2)
        {
            Fma6x16(kc, a, b, alpha, beta, c, ldc, bias, slope);
        }
        else
        {
            Portable6x16(kc, a, b, alpha, beta, c, ldc, bias, slope);
        }
    }

    // Only the rows×cols corner of the padded tile (rows NR floats apart) belongs to C.
    private static void MergeEdge(float* tile, int rows, int cols, float beta, float* c, nint ldc)
    {
        for (int r = 0; r < rows; r++)
        {
            float* src = tile + (r * NR);
            float* dst = c + (r * ldc);
            for (int j = 0; j < cols; j++)
            {
                dst[j] = beta == 0f ? src[j] : src[j] + (beta * dst[j]);
            }
        }
    }

    private static float* Align(float[] pinned) =>
        (float*)(((nint)Unsafe.AsPointer(ref pinned[0]) + 63) & ~(nint)63);
}
