namespace Ssgan.Engine.Kernels;

/// <summary>
/// im2col and its adjoint col2im over one image. The column matrix has one row per (c, kh, kw) and one column
/// per output pixel; an image's columns start at <c>colOffset</c> in rows of stride <c>ldCol</c>, so a chunk of
/// images can share one matrix and one GEMM. The feature maps here are 4–28 pixels wide, so a step moves ~15
/// million row segments of ≤ 14 floats: per-segment slicing and copy calls cost more than the data (measured
/// 264 ms of a 0.8 s step), hence pointer loops with the bounds checked once per call.
/// </summary>
public static unsafe class Im2Col
{
    // image [C, H, W] → col[(c, kh, kw), colOffset + oh·OW + ow]
    public static void Forward(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> col, int ldCol, int colOffset)
    {
        if (Im2ColShifted.Applies(g))
        {
            Im2ColShifted.Forward(image, g, col, ldCol, colOffset); // checks the spans itself
            return;
        }

        CheckSpans(image.Length, col.Length, g, ldCol, colOffset);

        int k = g.Kernel, s = g.Stride, ow = g.OutWidth;
        fixed (float* img = image, cols = col)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                var plane = img + ((long)c * g.InPixels);
                for (var kh = 0; kh < k; kh++)
                {
                    for (var kw = 0; kw < k; kw++)
                    {
                        var row = cols + ((long)(((c * k) + kh) * k + kw) * ldCol) + colOffset;
                        var (lo, hi) = Im2ColReference.ValidRange(kw - g.PadLeft, s, g.Width, ow);
                        for (var oh = 0; oh < g.OutHeight; oh++, row += ow)
                        {
                            var ih = (oh * s) + kh - g.PadTop;
                            var (from, to) = (uint)ih < (uint)g.Height ? (lo, hi) : (0, 0);
                            var src = plane + (ih * g.Width) + kw - g.PadLeft; // dereferenced only for ow in [from, to)
                            for (var x = 0; x < from; x++)
                            {
                                row[x] = 0f;
                            }

                            for (var x = from; x < to; x++)
                            {
                                row[x] = src[x * s];
                            }

                            for (var x = to; x < ow; x++)
                            {
                                row[x] = 0f;
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
        CheckSpans(image.Length, col.Length, g, ldCol, colOffset);
        int k = g.Kernel, s = g.Stride, ow = g.OutWidth;
        fixed (float* img = image, cols = col)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                var plane = img + ((long)c * g.InPixels);
                for (var kh = 0; kh < k; kh++)
                {
                    for (var kw = 0; kw < k; kw++)
                    {
                        var row = cols + ((long)(((c * k) + kh) * k + kw) * ldCol) + colOffset;
                        var (lo, hi) = Im2ColReference.ValidRange(kw - g.PadLeft, s, g.Width, ow);
                        for (var oh = 0; oh < g.OutHeight; oh++, row += ow)
                        {
                            var ih = (oh * s) + kh - g.PadTop;
                            if ((uint)ih >= (uint)g.Height)
                            {
                                continue;
                            }

                            var dst = plane + (ih * g.Width) + kw - g.PadLeft;
                            if (s == 1 && hi > lo)
                            {
                                // Neighbouring columns land on neighbouring pixels: one vector add per row instead of
                                // element by element (the generator's 7×7 output layer folds this way).
                                var to = new Span<float>(dst + lo, hi - lo);
                                System.Numerics.Tensors.TensorPrimitives.Add(to, new ReadOnlySpan<float>(row + lo, hi - lo), to);
                                continue;
                            }

                            for (var x = lo; x < hi; x++)
                            {
                                dst[x * s] += row[x];
                            }
                        }
                    }
                }
            }
        }
    }

    internal static void CheckSpans(int imageLength, int colLength, in ConvGeometry g, int ldCol, int colOffset)
    {
        long needImage = (long)g.Channels * g.InPixels, needCol = ((long)(g.ColRows - 1) * ldCol) + colOffset + g.OutPixels;
        if (imageLength < needImage || colLength < needCol || colOffset < 0 || ldCol < g.OutPixels)
        {
            throw new ArgumentException($"im2col spans too small: image {imageLength} (needs {needImage}), col {colLength} (needs {needCol}, ld {ldCol}, offset {colOffset})");
        }
    }
}
