using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>
/// The managed micro-kernel's A layout, for a caller that packs a layer's weights once for many products and so
/// skips the GEMM's own packing of A (<see cref="IOffsetGemm.Sgemm"/> with aPacked): A [m × k] as ceil(m/MR)
/// panels of [k][MR], rows past the edge zero (the kernel computes them, the store drops them).
/// </summary>
internal static unsafe class PackedOperands
{
    public static int ASize(int m, int k) => ((m + MR - 1) / MR) * MR * k;

    // a [m, lda] row-major → dst [ASize(m, k)]
    public static void PackA(ReadOnlySpan<float> a, int lda, int m, int k, Span<float> dst)
    {
        if (m < 0 || k < 0 || lda < k || (m > 0 && k > 0 && a.Length < ((m - 1) * lda) + k) || dst.Length < ASize(m, k))
        {
            throw new ArgumentException($"pack A: {m}×{k} (lda {lda}) from {a.Length} floats into {dst.Length} (needs {ASize(m, k)})");
        }

        fixed (float* pa = a, pd = dst)
        {
            ManagedGemmPacking.PackA(false, pa, lda, 0, m, 0, k, pd);
        }
    }
}
