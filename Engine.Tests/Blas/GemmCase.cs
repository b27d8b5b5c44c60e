using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>
/// One SGEMM scenario laid out in oversized buffers: operands start at an offset, rows are padded past the
/// minimum leading dimension, and padding holds NaN so a provider that reads it poisons its own result.
/// </summary>
internal sealed class GemmCase
{
    public required bool TransA { get; init; }
    public required bool TransB { get; init; }
    public required int M { get; init; }
    public required int N { get; init; }
    public required int K { get; init; }
    public float Alpha { get; init; } = 1f;
    public float Beta { get; init; }
    public int Pad { get; init; }
    public int Offset { get; init; }
    public bool NanInC { get; init; }
    public int Seed { get; init; } = 1;

    public override string ToString() =>
        $"{(TransA ? "T" : "N")}{(TransB ? "T" : "N")} m {M} n {N} k {K} alpha {Alpha} beta {Beta} pad {Pad} offset {Offset}";

    /// <summary>Runs the case on the provider and returns the first mismatch (null if all is well).</summary>
    public string? Check(IBlasProvider provider, Action<float[]>? corrupt = null)
    {
        var rng = new Random(Seed);
        int lda = Math.Max(1, TransA ? M : K) + Pad, ldb = Math.Max(1, TransB ? K : N) + Pad, ldc = Math.Max(1, N) + Pad;
        float[] a = Operand(rng, TransA ? K : M, TransA ? M : K, lda);
        float[] b = Operand(rng, TransB ? N : K, TransB ? K : N, ldb);
        float[] c = GemmReference.RandomArray(rng, Offset + Size(M, N, ldc) + 3);
        for (int i = 0; NanInC && i < M; i++)
        {
            Array.Fill(c, float.NaN, Offset + (i * ldc), N);
        }

        float[] before = (float[])c.Clone();
        (double[] expected, double[] tolerance) = GemmReference.Compute(
            TransA, TransB, M, N, K, Alpha, a, Offset, lda, b, Offset, ldb, Beta, before, Offset, ldc);
        provider.Sgemm(TransA, TransB, M, N, K, Alpha, a.AsSpan(Offset), lda, b.AsSpan(Offset), ldb, Beta, c.AsSpan(Offset), ldc);
        corrupt?.Invoke(c);
        string? problem = GemmReference.FirstMismatch(expected, tolerance, M, N, c, Offset, ldc, before);
        return problem is null ? null : $"{provider.Name} {this}: {problem}";
    }

    // rows×cols stored with stride ld after Offset leading elements; everything that is not the matrix is NaN.
    private float[] Operand(Random rng, int rows, int cols, int ld)
    {
        float[] x = new float[Offset + Size(rows, cols, ld) + 3];
        Array.Fill(x, float.NaN);
        for (int r = 0; r < rows; r++)
        {
            for (int q = 0; q < cols; q++)
            {
                x[Offset + (r * ld) + q] = (float)((rng.NextDouble() * 2) - 1);
            }
        }

        return x;
    }

    private static int Size(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : ((rows - 1) * ld) + cols;
}
