namespace Ssgan.Engine.Blas;

/// <summary>
/// A matrix read or written in place through offset tables: element (r, c) is Data[Rows[r] + Cols[c]]. Plain
/// row-major storage is Rows[r] = r·ld, Cols[c] = c; an NCHW batch seen as channel-major [C, N·P] is
/// Rows[ch] = ch·P, Cols[i·P + p] = i·C·P + p; and the im2col matrix of a zero-padded image is Rows[(c, kh, kw)] =
/// c·Hp·Wp + kh·Wp + kw, Cols[(i, oh, ow)] = i·C·Hp·Wp + oh·s·Wp + ow·s — so convolutions need no column buffer,
/// no layout copy and no scatter pass around their GEMM.
/// </summary>
public readonly ref struct OffsetMatrix
{
    public OffsetMatrix(Span<float> data, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols)
    {
        long lo = 0, hi = -1;
        if (!rows.IsEmpty && !cols.IsEmpty)
        {
            lo = (long)Min(rows) + Min(cols);
            hi = (long)Max(rows) + Max(cols);
        }

        if (lo < 0 || hi >= data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(data), $"offset matrix {rows.Length}×{cols.Length} reaches elements {lo}..{hi} of a span of {data.Length}");
        }

        Data = data;
        Rows = rows;
        Cols = cols;
    }

    public Span<float> Data { get; }

    public ReadOnlySpan<int> Rows { get; }

    public ReadOnlySpan<int> Cols { get; }

    /// <summary>Plain row-major storage m×n with leading dimension ld; the tables are the caller's buffers.</summary>
    public static OffsetMatrix Dense(Span<float> data, int ld, Span<int> rows, Span<int> cols)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = r * ld;
        }

        for (int c = 0; c < cols.Length; c++)
        {
            cols[c] = c;
        }

        return new OffsetMatrix(data, rows, cols);
    }

    private static int Min(ReadOnlySpan<int> s) => System.Numerics.Tensors.TensorPrimitives.Min(s);

    private static int Max(ReadOnlySpan<int> s) => System.Numerics.Tensors.TensorPrimitives.Max(s);
}
