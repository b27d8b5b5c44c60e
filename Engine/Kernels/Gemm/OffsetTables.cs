namespace Ssgan.Engine.Kernels;

/// <summary>
/// The offset tables of <see cref="Blas.OffsetMatrix"/> for the operands of a convolution's GEMMs. Each returns
/// the table it filled; the caller owns the buffer.
/// </summary>
internal static class OffsetTables
{
    // r ↦ r·step: the rows of dense storage (step = ld) or the channels of an NCHW image (step = pixels).
    public static Span<int> Strided(Span<int> table, int count, int step)
    {
        var t = table[..count];
        for (var r = 0; r < count; r++)
        {
            t[r] = r * step;
        }

        return t;
    }

    // i·pixels + p ↦ i·imageSize + p: the pixels of a batch, image after image (NCHW seen as channel-major columns).
    public static Span<int> Pixels(Span<int> table, int images, int imageSize, int pixels)
    {
        var t = table[..(images * pixels)];
        for (var i = 0; i < images; i++)
        {
            for (var p = 0; p < pixels; p++)
            {
                t[(i * pixels) + p] = (i * imageSize) + p;
            }
        }

        return t;
    }

    /// <summary>
    /// (i, oh, ow) ↦ i·imageSize + (oh·rowStep + top)·width + ow·colStep + left: the top-left input position of
    /// each output pixel (im2col columns of a padded image), or an output position written with a stride (the phase
    /// outputs of a transposed convolution).
    /// </summary>
    public static Span<int> Grid(Span<int> table, int images, int imageSize, int outHeight, int outWidth, int rowStep, int colStep, int top, int left, int width)
    {
        var t = table[..(images * outHeight * outWidth)];
        var j = 0;
        for (var i = 0; i < images; i++)
        {
            for (var oh = 0; oh < outHeight; oh++)
            {
                var row = (i * imageSize) + (((oh * rowStep) + top) * width) + left;
                for (var ow = 0; ow < outWidth; ow++)
                {
                    t[j++] = row + (ow * colStep);
                }
            }
        }

        return t;
    }
}
