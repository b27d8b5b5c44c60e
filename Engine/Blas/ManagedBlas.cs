using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Our own SGEMM, BLIS-style: packed panels, cache blocking, an AVX-512 24×16 or AVX2/FMA 6×16 micro-kernel
/// (a portable Vector128 kernel without them), split across helper threads along the longer side of C.
/// </summary>
public sealed class ManagedBlas : IBlasProvider, IOffsetGemm, IPackedGemm
{
    private readonly bool packEveryB;

    /// <summary>The fastest kernel the hardware accelerates (<see cref="BestKernel"/>).</summary>
    public ManagedBlas(int threads = 1)
        : this(threads, BestKernel)
    {
    }

    /// <summary>
    /// kernel: which micro-kernel runs — one the CPU cannot execute is an ArgumentException, never a silent
    /// fallback (a test or benchmark asking for it would otherwise measure another); packEveryB: an offset-mode
    /// B's panels of consecutive columns packed too instead of read in place (tests compare both).
    /// </summary>
    internal ManagedBlas(int threads, ManagedKernel kernel, bool packEveryB = false)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 1");
        }

        if (!CanRun(kernel))
        {
            throw new ArgumentException($"the managed {kernel} kernel cannot run on this CPU ({CpuFeatures})", nameof(kernel));
        }

        Threads = threads;
        Kernel = kernel;
        this.packEveryB = packEveryB;
    }

    /// <summary>
    /// AVX-512 where Vector512 is hardware accelerated (the runtime leaves it off on CPUs that slow their clock
    /// for it, and DOTNET_EnableAVX512F=0 turns it off), else AVX2/FMA where present, else the portable kernel.
    /// </summary>
    public static ManagedKernel BestKernel =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? ManagedKernel.Avx512
        : CanRun(ManagedKernel.Avx2) ? ManagedKernel.Avx2
        : ManagedKernel.Portable;

    /// <summary>Whether this CPU can execute the kernel's instructions (not whether it is the fastest).</summary>
    public static bool CanRun(ManagedKernel kernel) => kernel switch
    {
        ManagedKernel.Portable => true,
        ManagedKernel.Avx2 => Fma.IsSupported && Avx2.IsSupported,
        ManagedKernel.Avx512 => Avx512F.IsSupported,
        _ => false,
    };

    public ManagedKernel Kernel { get; }

    public string Name => "managed";

    public IOffsetGemm? OffsetGemm => this;

    public IPackedGemm? PackedGemm => this;

    public int PanelRows => ManagedGemmKernel.MR;

    public int PanelColumns => ManagedGemmKernel.NR;

    public int MaxPackedDepth => ManagedGemmDriver.KLong;

    public int PackedASize(int m, int k) => PackedOperands.ASize(m, k);

    public int PackedBSize(int k, int n) => PackedOperands.BSize(k, n);

    public void PackA(ReadOnlySpan<float> a, int lda, int m, int k, Span<float> dst) => PackedOperands.PackA(a, lda, m, k, dst);

    public int Threads { get; }

    public string Describe() =>
        $"managed (C# {KernelName} kernel, " +
        $"MC {ManagedGemmDriver.MC} KC {ManagedGemmDriver.KC} (≤ {ManagedGemmDriver.KLong} for ≤ MC rows) NC {ManagedGemmDriver.NC}), {Threads} thread(s)";

    private string KernelName => Kernel switch
    {
        ManagedKernel.Avx512 => $"AVX-512 {ManagedGemmKernel512.MaxPanels * ManagedGemmKernel.MR}×{ManagedGemmKernel.NR}",
        ManagedKernel.Avx2 => $"AVX2/FMA {ManagedGemmKernel.MR}×{ManagedGemmKernel.NR}",
        _ => $"portable Vector128 {ManagedGemmKernel.MR}×{ManagedGemmKernel.NR}",
    };

    public unsafe void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmArgs.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            GemmArgs.ScaleC(m, n, beta, c, ldc);
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob
            {
                A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc, M = m, N = n, K = k,
                TransA = transA, TransB = transB, Alpha = alpha, Beta = beta, Kernel = Kernel,
            };
            GemmWorkerPool.Run(job, Threads);
        }
    }

    /// <summary>Whole items to each thread, single-threaded (item t, t + Threads, …): no split, no hand-off per item.</summary>
    public unsafe void SgemmBatch(
        int count, int m, int n, int k,
        ReadOnlySpan<float> a, int aStep, int lda,
        ReadOnlySpan<float> b, int bStep, int ldb,
        float beta, Span<float> c, int cStep, int ldc)
    {
        if (count < 0 || aStep < 0 || bStep < 0 || cStep < 0)
        {
            throw new ArgumentException($"sgemm batch: count {count}, steps {aStep}/{bStep}/{cStep} must be ≥ 0");
        }

        for (var i = 0; i < count; i++)
        {
            GemmArgs.Validate(false, false, m, n, k, a.Length - (i * aStep), lda, b.Length - (i * bStep), ldb, c.Length - (i * cStep), ldc);
        }

        if (count == 0 || m == 0 || n == 0 || k == 0)
        {
            for (var i = 0; i < count; i++)
            {
                GemmArgs.ScaleC(m, n, beta, c[(i * cStep)..], ldc);
            }

            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob
            {
                A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc, M = m, N = n, K = k, Alpha = 1f, Beta = beta, Kernel = Kernel,
                Count = count, AStep = aStep, BStep = bStep, CStep = cStep,
            };
            GemmWorkerPool.Run(job, Threads);
        }
    }

    /// <summary>
    /// <see cref="SgemmBatch"/> over operands the caller has packed (<see cref="PackedOperands"/>): item i's A at
    /// a[i·aStep..] as ASize(m, k) floats, its B at b[i·bStep..] as BSize(k, n) — no packing per product, which
    /// for the Winograd products (k = 128) cost as much as a fifth of their time. k ≤ KLong: one k-block.
    /// </summary>
    public unsafe void SgemmBatchPacked(
        int count, int m, int n, int k, ReadOnlySpan<float> a, int aStep, ReadOnlySpan<float> b, int bStep, float beta, Span<float> c, int cStep, int ldc)
    {
        int aSize = PackedOperands.ASize(m, k), bSize = PackedOperands.BSize(k, n);
        if (count < 0 || m < 0 || n < 0 || k < 1 || k > ManagedGemmDriver.KLong || ldc < n || aStep < aSize || bStep < bSize || cStep < 0
            || (count > 0 && (a.Length < ((count - 1) * (long)aStep) + aSize || b.Length < ((count - 1) * (long)bStep) + bSize
                || (m > 0 && c.Length < ((count - 1) * (long)cStep) + ((m - 1) * (long)ldc) + n))))
        {
            throw new ArgumentException(
                $"packed sgemm batch: {count} × {m}×{n}×{k} (k in 1..{ManagedGemmDriver.KLong}), steps {aStep}/{bStep}/{cStep} (packed sizes {aSize}/{bSize}), ldc {ldc}, spans {a.Length}/{b.Length}/{c.Length}");
        }

        if (count == 0 || m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob
            {
                A = pa, B = pb, C = pc, Ldc = ldc, M = m, N = n, K = k, Alpha = 1f, Beta = beta, Kernel = Kernel,
                Count = count, AStep = aStep, BStep = bStep, CStep = cStep, Packed = true,
            };
            GemmWorkerPool.Run(job, Threads);
        }
    }

    public unsafe void Sgemm(float alpha, OffsetMatrix a, OffsetMatrix b, float beta, OffsetMatrix c, ReadOnlySpan<float> bias, float? leakySlope = null, ReadOnlySpan<float> aPacked = default)
    {
        int m = a.Rows.Length, k = a.Cols.Length, n = b.Cols.Length;
        if (leakySlope is { } slope && !(slope >= 0 && slope <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(leakySlope), slope, "a fused LeakyReLU needs a slope in [0, 1] (it is computed as max(v, slope·v))");
        }

        if (b.Rows.Length != k || c.Rows.Length != m || c.Cols.Length != n || (!bias.IsEmpty && bias.Length != m))
        {
            throw new ArgumentException(
                $"offset sgemm: A {m}×{k}, B {b.Rows.Length}×{n}, C {c.Rows.Length}×{c.Cols.Length}, bias {bias.Length} do not fit");
        }

        if (!aPacked.IsEmpty && aPacked.Length < PackedOperands.ASize(m, k))
        {
            throw new ArgumentException($"offset sgemm: packed A has {aPacked.Length} floats, {m}×{k} needs {PackedOperands.ASize(m, k)}");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        // Packed A serves one A block of one k-block (each thread's share then reads its panels in place).
        var usePacked = !aPacked.IsEmpty && m <= ManagedGemmDriver.MC && k <= ManagedGemmDriver.KLong;
        fixed (float* pa = usePacked ? aPacked : a.Data, pb = b.Data, pc = c.Data, pbias = bias)
        fixed (int* ar = a.Rows, ac = a.Cols, br = b.Rows, bc = b.Cols, cr = c.Rows, cc = c.Cols)
        {
            var job = new GemmJob
            {
                A = pa, B = pb, C = pc, M = m, N = n, K = k, Alpha = alpha, Beta = beta, Kernel = Kernel,
                ARows = ar, ACols = ac, BRows = br, BCols = bc, CRows = cr, CCols = cc, Bias = bias.IsEmpty ? null : pbias,
                CRowStride = UniformStride(c.Rows), BLength = b.Data.Length, PackEveryB = packEveryB, Leaky = leakySlope.HasValue, Slope = leakySlope ?? 1f, APacked = usePacked,
                BRowMin = k == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.Min(b.Rows), BRowMax = k == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.Max(b.Rows),
            };
            if (k == 0)
            {
                ManagedGemmGather.StoreEmpty(job);
                return;
            }

            GemmWorkerPool.Run(job, Threads);
        }
    }

    // The common step of an arithmetic table, or 0 when it has none (or fewer than two entries).
    private static nint UniformStride(ReadOnlySpan<int> rows)
    {
        if (rows.Length < 2 || rows[1] <= rows[0])
        {
            return 0;
        }

        int step = rows[1] - rows[0];
        for (int r = 2; r < rows.Length; r++)
        {
            if (rows[r] - rows[r - 1] != step)
            {
                return 0;
            }
        }

        return step;
    }

    /// <summary>
    /// Reference kernel beside the fast one (llm.c style): the definition, one dot product per element.
    /// Sources a[·], b[·]; destination c[m, ldc]. Same preconditions and beta = 0 overwrite rule.
    /// </summary>
    public static void SgemmNaive(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmArgs.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float aip = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    float bpj = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += aip * bpj;
                }

                ref float cij = ref c[(i * ldc) + j];
                cij = beta == 0f ? alpha * sum : (alpha * sum) + (beta * cij);
            }
        }
    }

    /// <summary>Whether this CPU runs a vector micro-kernel (else the portable Vector128 one).</summary>
    public static bool HasVectorKernel => BestKernel != ManagedKernel.Portable;

    internal static string CpuFeatures => $"avx2={Avx2.IsSupported} fma={Fma.IsSupported} avx512f={Avx512F.IsSupported} vector512={Vector512.IsHardwareAccelerated}";
}
