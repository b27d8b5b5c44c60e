namespace Ssgan.Engine.Blas;

/// <summary>
/// A provider's packed operand layout, declared through the seam so kernels that write operands packed never name
/// the provider's internals: A [m × k] as ceil(m / PanelRows) panels of [k][PanelRows], B [k × n] as
/// ceil(n / PanelColumns) panels of [k][PanelColumns], rows and columns past the edge any finite value.
/// </summary>
public interface IPackedLayout
{
    /// <summary>Rows of C one micro-kernel tile computes (a product with fewer rows wastes the rest of the tile).</summary>
    int PanelRows { get; }

    /// <summary>Columns of C one micro-kernel tile computes: the width of a packed B panel.</summary>
    int PanelColumns { get; }

    /// <summary>The deepest k a packed operand may have (one k-block).</summary>
    int MaxPackedDepth { get; }

    int PackedASize(int m, int k);

    int PackedBSize(int k, int n);

    /// <summary>a [m, lda] row-major → dst [PackedASize(m, k)].</summary>
    void PackA(ReadOnlySpan<float> a, int lda, int m, int k, Span<float> dst);
}
