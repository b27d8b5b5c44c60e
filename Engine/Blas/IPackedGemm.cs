namespace Ssgan.Engine.Blas;

/// <summary>
/// An optional provider capability: a strided batch of products over operands the caller wrote in the provider's
/// packed layout, so no product packs anything (the Winograd transforms write their tiles that way).
/// </summary>
public interface IPackedGemm : IPackedLayout
{
    /// <summary>
    /// count products C_i[m, n] = A_i · B_i + beta · C_i, item i's A at a[i·aStep..] as PackedASize(m, k) floats,
    /// its B at b[i·bStep..] as PackedBSize(k, n), C row-major with ldc; k in 1..MaxPackedDepth.
    /// </summary>
    void SgemmBatchPacked(int count, int m, int n, int k, ReadOnlySpan<float> a, int aStep, ReadOnlySpan<float> b, int bStep, float beta, Span<float> c, int cStep, int ldc);
}
