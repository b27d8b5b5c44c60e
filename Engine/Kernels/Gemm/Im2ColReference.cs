namespace Ssgan.Engine.Kernels;

/// <summary>
/// The span-and-slice form of <see cref="Im2Col"/>, kept as the reference the pointer kernels are tested against
/// (same layout, same order of additions, so results are bit-identical).
/// </summary>
public static class Im2ColReference
{
    // image [C, H, W] → col[(c, kh, kw), colOffset + oh·OW + ow]
    public static void Forward(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> col, int ldCol, int colOffset)
    {
        int k = g.Kernel, s = g.Stride, ow = g.OutWidth;
        for (var c = 0; c < g.Channels; c++)
        {
            var plane = image.Slice(c * g.InPixels, g.InPixels);
            for (var kh = 0; kh < k; kh++)
            {
                for (var kw = 0; kw < k; kw++)
                {
                    var row = col.Slice((((c * k) + kh) * k + kw) * ldCol + colOffset, g.OutPixels);
                    var (lo, hi) = ValidRange(kw - g.PadLeft, s, g.Width, ow);
                    for (var oh = 0; oh < g.OutHeight; oh++)
                    {
                        var dst = row.Slice(oh * ow, ow);
                        var ih = (oh * s) + kh - g.PadTop;
                        if ((uint)ih >= (uint)g.Height || lo >= hi)
                        {
                            dst.Clear();
                            continue;
                        }

                        dst[..lo].Clear();
                        dst[hi..].Clear();
                        var src = plane.Slice(ih * g.Width);
                        var iw0 = (lo * s) + kw - g.PadLeft;
                        if (s == 1)
                        {
                            src.Slice(iw0, hi - lo).CopyTo(dst[lo..hi]);
                        }
                        else
                        {
                            for (int x = lo, iw = iw0; x < hi; x++, iw += s)
                            {
                                dst[x] = src[iw];
                            }
                        }
                    }
                }
            }
        }
    }

    // col[(c, kh, kw), colOffset + oh·OW + ow] → image [C, H, W] (+=): the adjoint of Forward.
    public static void Backward(ReadOnlySpan<float> col, int ldCol, int colOffset, in ConvGeometry g, Span<float> image)
    {
        int k = g.Kernel, s = g.Stride, ow = g.OutWidth;
        for (var c = 0; c < g.Channels; c++)
        {
            var plane = image.Slice(c * g.InPixels, g.InPixels);
            for (var kh = 0; kh < k; kh++)
            {
                for (var kw = 0; kw < k; kw++)
                {
                    var row = col.Slice((((c * k) + kh) * k + kw) * ldCol + colOffset, g.OutPixels);
                    var (lo, hi) = ValidRange(kw - g.PadLeft, s, g.Width, ow);
                    for (var oh = 0; oh < g.OutHeight && lo < hi; oh++)
                    {
                        var ih = (oh * s) + kh - g.PadTop;
                        if ((uint)ih >= (uint)g.Height)
                        {
                            continue;
                        }

                        var src = row.Slice((oh * ow) + lo, hi - lo);
                        var dst = plane.Slice((ih * g.Width) + (lo * s) + kw - g.PadLeft);
                        if (s == 1)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(dst[..src.Length], src, dst);
                        }
                        else
                        {
                            for (int x = 0, iw = 0; x < src.Length; x++, iw += s)
                            {
                                dst[iw] += src[x];
                            }
                        }
                    }
                }
            }
        }
    }

    // Output columns [lo, hi) whose input column ow·s + offset lies inside [0, width).
    internal static (int Lo, int Hi) ValidRange(int offset, int s, int width, int outWidth)
    {
        var lo = offset >= 0 ? 0 : (-offset + s - 1) / s;
        var hi = width - offset <= 0 ? 0 : Math.Min(outWidth, ((width - offset - 1) / s) + 1);
        return (lo, Math.Max(lo, hi));
    }
}
