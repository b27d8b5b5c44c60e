namespace Ssgan.Engine.Blas;

/// <summary>
/// Preconditions shared by every provider. A native BLAS trusts its arguments, so spans are checked
/// against m, n, k and the leading dimensions here, before any memory is touched.
/// </summary>
internal static class GemmArgs
{
    // Row-major storage: op(A) is m×k, so A is stored m×k (lda ≥ k) or, transposed, k×m (lda ≥ m).
    public static void Validate(
        bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"sgemm: negative shape m {m}, n {n}, k {k}");
        }

        CheckOperand("A", "lda", transA ? k : m, transA ? m : k, transA ? "m" : "k", aLength, lda);
        CheckOperand("B", "ldb", transB ? n : k, transB ? k : n, transB ? "k" : "n", bLength, ldb);
        CheckOperand("C", "ldc", m, n, "n", cLength, ldc);
    }

    // rows×cols is the stored (not the logical) shape; ld must cover cols and the span the last row.
    private static void CheckOperand(string what, string ldName, int rows, int cols, string colsName, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException($"sgemm: {ldName} {ld} < {colsName} {cols} ({what} stored {rows}×{cols})");
        }

        long needed = Needed(rows, cols, ld);
        if (length < needed)
        {
            throw new ArgumentException(
                $"sgemm: {what} span length {length} < {needed} needed for {rows}×{cols} with {ldName} {ld}");
        }
    }

    public static long Needed(int rows, int cols, int ld) =>
        rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;

    /// <summary>C = beta·C over the m×n region; beta = 0 overwrites so NaN garbage does not survive.</summary>
    public static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }
}
