namespace Ssgan.Engine.Blas;

/// <summary>
/// The one narrow seam between the engine and a BLAS: row-major single-precision GEMM.
/// C[m, n] = alpha · op(A)[m, k] · op(B)[k, n] + beta · C[m, n], where op(X) is X or Xᵀ.
/// Offsets are expressed by slicing the spans; leading dimensions are row strides in elements
/// (lda ≥ k when A is not transposed, ≥ m when it is; likewise for B and C).
/// </summary>
public interface IBlasProvider
{
    /// <summary>Short name used on the command line and in SSGAN_BLAS: "mkl", "openblas" or "managed".</summary>
    string Name { get; }

    /// <summary>Threads the provider's GEMM uses.</summary>
    int Threads { get; }

    /// <summary>One line: provider, library path (if native) and thread count.</summary>
    string Describe();

    /// <summary>GEMM over offset operands (im2col read in place), when the provider has it; a BLAS library has not.</summary>
    IOffsetGemm? OffsetGemm => null;

    /// <summary>A batch over operands the caller packed in the provider's layout, when the provider has it.</summary>
    IPackedGemm? PackedGemm => null;

    void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc);

    /// <summary>
    /// count independent products C_i[m, n] = A_i[m, k] · B_i[k, n] + beta · C_i of one shape, item i at
    /// a[i·aStep..], b[i·bStep..], c[i·cStep..] (a strided batch, like cublasSgemmStridedBatched). By default one
    /// after another; a provider may give whole items to its threads instead, which suits many small products
    /// (Winograd's 18 of 128×441×128) better than splitting each one.
    /// </summary>
    void SgemmBatch(
        int count, int m, int n, int k,
        ReadOnlySpan<float> a, int aStep, int lda,
        ReadOnlySpan<float> b, int bStep, int ldb,
        float beta, Span<float> c, int cStep, int ldc)
    {
        for (var i = 0; i < count; i++)
        {
            Sgemm(false, false, m, n, k, 1f, a[(i * aStep)..], lda, b[(i * bStep)..], ldb, beta, c[(i * cStep)..], ldc);
        }
    }
}
