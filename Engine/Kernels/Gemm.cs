using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>The kernels' one way to the active BLAS provider, so the profiler can split GEMM time from the rest.</summary>
internal static class Gemm
{
    public static void Run(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        using var profile = Profiler.Measure((m, n, k, transA, transB), static s => $"  GEMM {s.m}x{s.n}x{s.k} {(s.transA ? "T" : "N")}{(s.transB ? "T" : "N")}");
        Blas.Blas.Current.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>A strided batch of products of one shape (<see cref="IBlasProvider.SgemmBatch"/>).</summary>
    public static void RunBatch(
        int count, int m, int n, int k, ReadOnlySpan<float> a, int aStep, int lda, ReadOnlySpan<float> b, int bStep, int ldb,
        float beta, Span<float> c, int cStep, int ldc)
    {
        using var profile = Profiler.Measure((count, m, n, k), static s => $"  GEMM {s.count}× {s.m}x{s.n}x{s.k} batch");
        Blas.Blas.Current.SgemmBatch(count, m, n, k, a, aStep, lda, b, bStep, ldb, beta, c, cStep, ldc);
    }

    /// <summary>A strided batch over operands the caller packed for the managed kernel (<see cref="ManagedBlas.SgemmBatchPacked"/>).</summary>
    public static void RunBatchPacked(
        ManagedBlas managed, int count, int m, int n, int k, ReadOnlySpan<float> a, int aStep, ReadOnlySpan<float> b, int bStep, float beta, Span<float> c, int cStep, int ldc)
    {
        using var profile = Profiler.Measure((count, m, n, k), static s => $"  GEMM {s.count}× {s.m}x{s.n}x{s.k} batch, packed");
        managed.SgemmBatchPacked(count, m, n, k, a, aStep, b, bStep, beta, c, cStep, ldc);
    }

    /// <summary>False makes the kernels take the im2col path even on a provider with offset GEMM (tests compare both).</summary>
    internal static bool InPlaceEnabled { get; set; } = true;

    /// <summary>The provider's GEMM over offset operands, when it has one (the managed provider).</summary>
    public static IOffsetGemm? InPlace => InPlaceEnabled ? Blas.Blas.Current as IOffsetGemm : null;

    public static void Run(IOffsetGemm gemm, OffsetMatrix a, OffsetMatrix b, float beta, OffsetMatrix c, ReadOnlySpan<float> bias = default, float? leakySlope = null, ReadOnlySpan<float> aPacked = default)
    {
        using var profile = Profiler.Measure((m: a.Rows.Length, n: b.Cols.Length, k: a.Cols.Length), static s => $"  GEMM {s.m}x{s.n}x{s.k} in place");
        gemm.Sgemm(1f, a, b, beta, c, bias, leakySlope, aPacked);
    }
}
