namespace Ssgan.Engine.Kernels;

/// <summary>
/// im2col as whole-plane shifted copies. Split a channel into its stride² sub-sampled planes, each stored with rows
/// of OW floats: input (s·a + p, s·b + q) goes to plane (p, q) at (a, b). Then the col row of tap (kh, kw) is plane
/// (p, q) read from a constant flat offset — kh − padTop = s·dh + p, kw − padLeft = s·dw + q, so output (oh, ow)
/// reads plane (p, q) at (oh + dh, ow + dw) — i.e. one contiguous copy of up to OH·OW floats, after which only the
/// out-of-range rows and the ≤ |dw| wrapped border columns are zeroed. The tutorial's maps are 4–28 pixels wide,
/// so this replaces OH short row copies per tap by one long one.
/// </summary>
public static unsafe class Im2ColShifted
{
    // The sub-sampled planes live on the stack: 64 KB at most.
    private const int MaxPlaneFloats = 16 * 1024;

    /// <summary>The planes fit rows of OW floats (true for Keras 'same', OW = ⌈W/s⌉) and the stack.</summary>
    public static bool Applies(in ConvGeometry g) =>
        (g.Width + g.Stride - 1) / g.Stride <= g.OutWidth
        && (long)g.Stride * g.Stride * ((g.Height + g.Stride - 1) / g.Stride) * g.OutWidth <= MaxPlaneFloats;

    // image [C, H, W] → col[(c, kh, kw), colOffset + oh·OW + ow]
    public static void Forward(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> col, int ldCol, int colOffset)
    {
        Im2Col.CheckSpans(image.Length, col.Length, g, ldCol, colOffset);
        if (!Applies(g))
        {
            throw new ArgumentException($"shifted im2col needs ⌈W/s⌉ ≤ OW and small planes: W {g.Width}, stride {g.Stride}, OW {g.OutWidth}, H {g.Height}");
        }

        int k = g.Kernel, s = g.Stride, ow = g.OutWidth, oPix = g.OutPixels;
        int hs = (g.Height + s - 1) / s, planeSize = hs * ow;

        // At stride 1 with W = OW the channel itself is the one plane: no copy.
        var direct = s == 1 && g.Width == ow;
        Span<float> planes = stackalloc float[direct ? 0 : s * s * planeSize];
        fixed (float* img = image, cols = col, split = planes)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                var pl = img + ((long)c * g.InPixels);
                if (!direct)
                {
                    Split(pl, g, hs, split);
                    pl = split;
                }

                for (var kh = 0; kh < k; kh++)
                {
                    int p = Mod(kh - g.PadTop, s), dh = (kh - g.PadTop - p) / s, hp = (g.Height - p + s - 1) / s;
                    int ohLo = Math.Clamp(-dh, 0, g.OutHeight), ohHi = Math.Clamp(hp - dh, ohLo, g.OutHeight);
                    for (var kw = 0; kw < k; kw++)
                    {
                        int q = Mod(kw - g.PadLeft, s), dw = (kw - g.PadLeft - q) / s, wq = (g.Width - q + s - 1) / s;
                        var row = cols + ((long)(((c * k) + kh) * k + kw) * ldCol) + colOffset;
                        new Span<float>(row, ohLo * ow).Clear();
                        new Span<float>(row + (ohHi * ow), oPix - (ohHi * ow)).Clear();
                        if (ohLo == ohHi)
                        {
                            continue;
                        }

                        // Flat source range, clipped to the plane: what falls outside is a border column, zeroed below.
                        int start = ((ohLo + dh) * ow) + dw, end = start + ((ohHi - ohLo) * ow);
                        int from = Math.Max(start, 0), to = Math.Min(end, planeSize);
                        Buffer.MemoryCopy(pl + ((p * s) + q) * planeSize + from, row + (ohLo * ow) + from - start, (long)(to - from) * 4, (long)(to - from) * 4);
                        int xLo = Math.Clamp(-dw, 0, ow), xHi = Math.Clamp(wq - dw, xLo, ow);
                        if (xLo > 0 || xHi < ow)
                        {
                            for (var r = row + (ohLo * ow); r < row + (ohHi * ow); r += ow)
                            {
                                for (var x = 0; x < xLo; x++)
                                {
                                    r[x] = 0f;
                                }

                                for (var x = xHi; x < ow; x++)
                                {
                                    r[x] = 0f;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // plane [H, W] → planes[(p, q)][a, b] = plane[s·a + p, s·b + q], rows of OW floats, zero where outside.
    private static void Split(float* plane, in ConvGeometry g, int hs, float* planes)
    {
        int s = g.Stride, ow = g.OutWidth, size = hs * ow;
        new Span<float>(planes, s * s * size).Clear();
        for (var p = 0; p < s; p++)
        {
            for (var q = 0; q < s; q++)
            {
                var dst = planes + (((p * s) + q) * size);
                for (int y = p, a = 0; y < g.Height; y += s, a++)
                {
                    var src = plane + (y * g.Width);
                    var d = dst + (a * ow);
                    for (int x = q, b = 0; x < g.Width; x += s, b++)
                    {
                        d[b] = src[x];
                    }
                }
            }
        }
    }

    private static int Mod(int a, int s) => ((a % s) + s) % s;
}
