namespace Ssgan.Engine.Blas;

/// <summary>
/// A provider's packed layout of a GEMM's A operand, declared through the seam so a kernel that packs a layer's
/// weights once for many products never names the provider's internals: A [m × k] as ceil(m / PanelRows) panels of
/// [k][PanelRows], rows past the edge any finite value.
/// </summary>
public interface IPackedLayout
{
    /// <summary>Rows of C one micro-kernel tile computes (a product with fewer rows wastes the rest of the tile).</summary>
    int PanelRows { get; }

    int PackedASize(int m, int k);

    /// <summary>a [m, lda] row-major → dst [PackedASize(m, k)].</summary>
    void PackA(ReadOnlySpan<float> a, int lda, int m, int k, Span<float> dst);
}
