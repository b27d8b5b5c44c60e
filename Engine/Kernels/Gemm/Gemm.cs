using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The kernels' one way to a BLAS provider's products, so the profiler can split GEMM time from the rest; head of
/// the GEMM-lowering family (how a convolution becomes products). Paths, condition, test:
/// <list type="bullet">
/// <item>dense <see cref="Run(IBlasProvider, bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>:
/// every provider (BlasConformanceTests); its im2col operand by <see cref="Im2Col"/>, as shifted whole-plane copies
/// where <see cref="Im2ColShifted.Applies"/>, else pointer loops, both equal to <see cref="Im2ColReference"/>
/// bit for bit (Im2ColTests).</item>
/// <item>offset <see cref="Run(IOffsetGemm, OffsetMatrix, OffsetMatrix, float, OffsetMatrix, ReadOnlySpan{float}, float?, ReadOnlySpan{float})"/>:
/// a provider with <see cref="IBlasProvider.OffsetGemm"/>, operands addressed by <see cref="OffsetTables"/> in a
/// <see cref="PaddedImages"/> copy (OffsetGemmTests, PaddedImagesTests).</item>
/// <item><see cref="RunBatch"/> / <see cref="RunBatchPacked"/>: Winograd's products, packed with
/// <see cref="IBlasProvider.PackedGemm"/> (SgemmBatchTests).</item>
/// </list>
/// </summary>
internal static class Gemm
{
    public static void Run(
        IBlasProvider blas, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        using var profile = Profiler.Measure((m, n, k, transA, transB), static s => $"  GEMM {s.m}x{s.n}x{s.k} {(s.transA ? "T" : "N")}{(s.transB ? "T" : "N")}");
        blas.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>A strided batch of products of one shape (<see cref="IBlasProvider.SgemmBatch"/>).</summary>
    public static void RunBatch(
        IBlasProvider blas, int count, int m, int n, int k, ReadOnlySpan<float> a, int aStep, int lda, ReadOnlySpan<float> b, int bStep, int ldb,
        float beta, Span<float> c, int cStep, int ldc)
    {
        using var profile = Profiler.Measure((count, m, n, k), static s => $"  GEMM {s.count}× {s.m}x{s.n}x{s.k} batch");
        blas.SgemmBatch(count, m, n, k, a, aStep, lda, b, bStep, ldb, beta, c, cStep, ldc);
    }

    /// <summary>A strided batch over operands the caller packed in the provider's layout (<see cref="IPackedGemm"/>).</summary>
    public static void RunBatchPacked(
        IPackedGemm packed, int count, int m, int n, int k, ReadOnlySpan<float> a, int aStep, ReadOnlySpan<float> b, int bStep, float beta, Span<float> c, int cStep, int ldc)
    {
        using var profile = Profiler.Measure((count, m, n, k), static s => $"  GEMM {s.count}× {s.m}x{s.n}x{s.k} batch, packed");
        packed.SgemmBatchPacked(count, m, n, k, a, aStep, b, bStep, beta, c, cStep, ldc);
    }

    public static void Run(IOffsetGemm gemm, OffsetMatrix a, OffsetMatrix b, float beta, OffsetMatrix c, ReadOnlySpan<float> bias = default, float? leakySlope = null, ReadOnlySpan<float> aPacked = default)
    {
        using var profile = Profiler.Measure((m: a.Rows.Length, n: b.Cols.Length, k: a.Cols.Length), static s => $"  GEMM {s.m}x{s.n}x{s.k} in place");
        gemm.Sgemm(1f, a, b, beta, c, bias, leakySlope, aPacked);
    }
}
