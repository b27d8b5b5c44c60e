using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>
/// The managed micro-kernel's operand layouts, for a caller that writes its operands packed and so skips the
/// GEMM's own packing (<see cref="ManagedBlas.SgemmBatchPacked"/>): A [m × k] as ceil(m/MR) panels of [k][MR],
/// B [k × n] as ceil(n/NR) panels of [k][NR], rows and columns past the edge zero or any finite value (the
/// kernel computes them, the store drops them).
/// </summary>
internal static unsafe class PackedOperands
{
    public const int ColumnsPerPanel = NR;

    public static int ASize(int m, int k) => ((m + MR - 1) / MR) * MR * k;

    public static int BSize(int k, int n) => ((n + NR - 1) / NR) * NR * k;

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

    // b [k, ldb] row-major → dst [BSize(k, n)]
    public static void PackB(ReadOnlySpan<float> b, int ldb, int k, int n, Span<float> dst)
    {
        if (n < 0 || k < 0 || ldb < n || (k > 0 && b.Length < ((k - 1) * ldb) + n) || dst.Length < BSize(k, n))
        {
            throw new ArgumentException($"pack B: {k}×{n} (ldb {ldb}) from {b.Length} floats into {dst.Length} (needs {BSize(k, n)})");
        }

        fixed (float* pb = b, pd = dst)
        {
            ManagedGemmPacking.PackB(false, pb, ldb, 0, k, 0, n, pd);
        }
    }
}
