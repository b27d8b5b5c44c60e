using Ssgan.Engine.Autograd;

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
}
