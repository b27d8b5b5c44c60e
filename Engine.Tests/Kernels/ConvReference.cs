using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>
/// Naive float64 convolution loops straight from the definition (index map of <see cref="ConvGeometry"/>), the
/// reference the im2col/GEMM kernels are checked against.
/// </summary>
public static class ConvReference
{
    // x [N, C, H, W], w [OC, C, K, K], b [OC] → y [N, OC, OH, OW]
    public static double[] Conv2d(float[] x, float[] w, float[] b, int n, int oc, ConvGeometry g)
    {
        var y = new double[n * oc * g.OutPixels];
        int k = g.Kernel;
        for (var i = 0; i < n; i++)
        {
            for (var o = 0; o < oc; o++)
            {
                for (var oh = 0; oh < g.OutHeight; oh++)
                {
                    for (var ow = 0; ow < g.OutWidth; ow++)
                    {
                        double s = b[o];
                        for (var c = 0; c < g.Channels; c++)
                        {
                            for (var kh = 0; kh < k; kh++)
                            {
                                for (var kw = 0; kw < k; kw++)
                                {
                                    int ih = (oh * g.Stride) + kh - g.PadTop, iw = (ow * g.Stride) + kw - g.PadLeft;
                                    if (ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width)
                                    {
                                        s += (double)w[(((o * g.Channels) + c) * k + kh) * k + kw] * x[(((i * g.Channels) + c) * g.Height + ih) * g.Width + iw];
                                    }
                                }
                            }
                        }

                        y[(((i * oc) + o) * g.OutHeight + oh) * g.OutWidth + ow] = s;
                    }
                }
            }
        }

        return y;
    }

    // Gradients of Σ y·dy for Conv2d: dx [N, C, H, W], dw [OC, C, K, K], db [OC].
    public static (double[] Dx, double[] Dw, double[] Db) Conv2dBackward(float[] x, float[] w, float[] dy, int n, int oc, ConvGeometry g)
    {
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var db = new double[oc];
        int k = g.Kernel;
        for (var i = 0; i < n; i++)
        {
            for (var o = 0; o < oc; o++)
            {
                for (var oh = 0; oh < g.OutHeight; oh++)
                {
                    for (var ow = 0; ow < g.OutWidth; ow++)
                    {
                        double d = dy[(((i * oc) + o) * g.OutHeight + oh) * g.OutWidth + ow];
                        db[o] += d;
                        for (var c = 0; c < g.Channels; c++)
                        {
                            for (var kh = 0; kh < k; kh++)
                            {
                                for (var kw = 0; kw < k; kw++)
                                {
                                    int ih = (oh * g.Stride) + kh - g.PadTop, iw = (ow * g.Stride) + kw - g.PadLeft;
                                    if (ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width)
                                    {
                                        var xi = (((i * g.Channels) + c) * g.Height + ih) * g.Width + iw;
                                        var wi = (((o * g.Channels) + c) * k + kh) * k + kw;
                                        dx[xi] += d * w[wi];
                                        dw[wi] += d * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return (dx, dw, db);
    }

    // Transposed conv as the scatter its definition is: x [N, Cin, OH, OW] (g's output grid), w [Cin, Cout, K, K]
    // → y [N, Cout, H, W] (g's input grid), y[ih, iw] += x[oh, ow]·w for ih = oh·s + kh − padTop.
    public static double[] ConvTranspose2d(float[] x, float[] w, float[] b, int n, int cin, ConvGeometry g)
    {
        var cout = g.Channels;
        var y = new double[n * cout * g.InPixels];
        int k = g.Kernel;
        for (var i = 0; i < n; i++)
        {
            for (var co = 0; co < cout; co++)
            {
                for (var p = 0; p < g.InPixels; p++)
                {
                    y[(((i * cout) + co) * g.InPixels) + p] = b[co];
                }
            }

            for (var ci = 0; ci < cin; ci++)
            {
                for (var oh = 0; oh < g.OutHeight; oh++)
                {
                    for (var ow = 0; ow < g.OutWidth; ow++)
                    {
                        double v = x[(((i * cin) + ci) * g.OutHeight + oh) * g.OutWidth + ow];
                        for (var co = 0; co < cout; co++)
                        {
                            for (var kh = 0; kh < k; kh++)
                            {
                                for (var kw = 0; kw < k; kw++)
                                {
                                    int ih = (oh * g.Stride) + kh - g.PadTop, iw = (ow * g.Stride) + kw - g.PadLeft;
                                    if (ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width)
                                    {
                                        y[(((i * cout) + co) * g.Height + ih) * g.Width + iw] += v * w[(((ci * cout) + co) * k + kh) * k + kw];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return y;
    }
}
