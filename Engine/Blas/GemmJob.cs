using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>One SGEMM call as raw pointers (the caller keeps them pinned until every part has run).</summary>
internal unsafe struct GemmJob
{
    public float* A;
    public float* B;
    public float* C;
    public nint Lda;
    public nint Ldb;
    public nint Ldc;
    public int M;
    public int N;
    public int K;
    public bool TransA;
    public bool TransB;
    public float Alpha;
    public float Beta;
    public ManagedKernel Kernel;

    // Offset mode (all three set, see OffsetMatrix): A, B and C are bases and element (r, c) is at
    // base[Rows[r] + Cols[c]]; TransA/TransB/Lda/Ldb/Ldc are unused. Bias (m values or null) is added to C once.
    public int* ARows;
    public int* ACols;
    public int* BRows;
    public int* BCols;
    public int* CRows;
    public int* CCols;
    public float* Bias;
    public bool Leaky; // C = LeakyReLU(…) with Slope ∈ [0, 1], applied on the last k-block (offset mode only)
    public float Slope;
    public int BRowMin; // min and max of BRows and the length of B: the bounds that two-run panel loads check
    public int BRowMax;
    public int BLength;
    public bool PackEveryB; // offset mode: pack every B panel, even one of consecutive columns it could read in place
    public nint CRowStride; // > 0 when CRows[r] = CRows[0] + r·CRowStride: whole tiles are then stored by the micro-kernel

    public readonly bool Offsets => CRows != null;

    // Body mode (Body set): not a GEMM but a kernel's own parallel loop, Body(part, parts, State) per part —
    // the pool's threads without Parallel.For's allocation (see GemmWorkerPool.For).
    public delegate*<int, int, void*, void> Body;
    public void* State;

    // Batch mode (Count > 0, dense operands only): Count products, item i at A + i·AStep, B + i·BStep,
    // C + i·CStep; a part runs whole items (index, index + parts, …) single-threaded instead of a slice of one.
    public int Count;
    public bool Packed; // A and B already in the micro-kernel's panel layouts (ManagedBlas.SgemmBatchPacked), one k-block
    public bool APacked; // offset mode: A is its packed panels, not read through ARows/ACols (one A block, one k-block)
    public nint AStep;
    public nint BStep;
    public nint CStep;

    /// <summary>How many parts, and along which dimension, the call is split for `threads` threads.</summary>
    public readonly int Parts(int threads, out bool splitN)
    {
        splitN = N >= M; // split the longer side: packing of the other operand is then duplicated least
        if (Body != null)
        {
            return Math.Max(1, threads);
        }

        if (Count > 0)
        {
            return Math.Max(1, Math.Min(threads, Count));
        }

        long flops = 2L * M * N * K;
        int tiles = splitN ? (N + NR - 1) / NR : (M + MR - 1) / MR;
        if (threads <= 1 || flops < (1L << 21))
        {
            return 1; // a hand-off costs a few µs: not worth it below ~2 MFLOP
        }

        return Math.Min(threads, tiles);
    }

    /// <summary>Runs part `index` of `parts`; parts cut on tile boundaries so only the last has edges.</summary>
    public readonly void RunPart(int index, int parts, bool splitN)
    {
        if (Body != null)
        {
            Body(index, parts, State);
            return;
        }

        if (Count > 0)
        {
            var item = this;
            item.Count = 0;
            for (var i = index; i < Count; i += parts)
            {
                item.A = A + (i * AStep);
                item.B = B + (i * BStep);
                item.C = C + (i * CStep);
                ManagedGemmDriver.Run(item, 0, M, 0, N);
            }

            return;
        }

        int tile = splitN ? NR : MR;
        int extent = splitN ? N : M;
        int tiles = (extent + tile - 1) / tile;
        int lo = Math.Min(extent, (int)((long)tiles * index / parts) * tile);
        int hi = Math.Min(extent, (int)((long)tiles * (index + 1) / parts) * tile);
        if (splitN)
        {
            ManagedGemmDriver.Run(this, 0, M, lo, hi);
        }
        else
        {
            ManagedGemmDriver.Run(this, lo, hi, 0, N);
        }
    }
}
