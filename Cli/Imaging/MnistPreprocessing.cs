using SkiaSharp;

namespace Ssgan.Cli.Imaging;

/// <summary>
/// Turns an arbitrary photo or drawing of one digit into what the classifier was trained on, the way MNIST itself
/// was made (LeCun et al.: size-normalised to a 20×20 box preserving aspect ratio, then centred by centre of mass
/// in 28×28):
/// 1. convert to grey (ITU-R 601 luma, transparent pixels composited over white);
/// (an image whose grey levels span less than <see cref="MinContrast"/> is blank: there is no digit to find);
/// 2. if the background is light (mean grey &gt; 127) invert, so the digit is white on black like MNIST;
/// 3. crop to the bounding box of ink (grey &gt; <see cref="InkThreshold"/>, which ignores JPEG and paper noise);
/// 4. scale the longer side to 20 px preserving aspect ratio (area averaging, i.e. anti-aliased like MNIST's);
/// 5. paste into 28×28 so the centre of mass falls on pixel (14, 14), as in MNIST;
/// 6. scale 0..255 to [−1, 1] (x/127.5 − 1), the training data's range.
/// </summary>
internal static class MnistPreprocessing
{
    public const int Size = 28;
    public const int Box = 20;
    public const int InkThreshold = 64;

    /// <summary>Least difference between the darkest and lightest grey for an image not to be blank.</summary>
    public const int MinContrast = 64;

    /// <summary>Largest image accepted (a 40-megapixel photo); larger declared sizes are refused before decoding.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Decodes a PNG or JPEG (or anything SkiaSharp reads) and preprocesses it; bad files throw with exit code 8.</summary>
    public static float[] FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Image, $"{path}: no such image file");
        }

        Training.IO.RegularFile.Require(path, problem => new CliException(ExitCodes.Image, problem));
        if (new FileInfo(path).Length == 0)
        {
            throw new CliException(ExitCodes.Image, $"{path}: the file is empty");
        }

        // Read the header first: an image's declared size decides the memory a decode takes, so refuse absurd ones
        // before anything is allocated for them.
        using var codec = SKCodec.Create(path)
            ?? throw new CliException(ExitCodes.Image, $"{path}: cannot be decoded as an image (PNG or JPEG expected)");
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0 || (long)w * h > MaxPixels)
        {
            throw new CliException(ExitCodes.Image, $"{path}: image is {w}×{h}; classify takes 1 to {MaxPixels:N0} pixels");
        }

        // Decode into our own bitmap so the decoder's verdict is seen: a truncated file decodes "incompletely".
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new CliException(ExitCodes.Image, $"{path}: the image does not decode completely ({result}); is the file truncated or corrupt?");
        }

        return FromBitmap(bitmap, path);
    }

    /// <summary>The 28×28 values in [−1, 1], row-major.</summary>
    public static float[] FromBitmap(SKBitmap bitmap, string name)
    {
        int w = bitmap.Width, h = bitmap.Height;
        var grey = Grey(bitmap);
        var contrast = grey.Max() - grey.Min();
        if (contrast < MinContrast)
        {
            throw new CliException(ExitCodes.Image, $"{name}: no digit found (the image is blank: its grey levels span {contrast:F0} of 255, a digit needs at least {MinContrast})");
        }

        if (grey.Average() > 127)
        {
            for (var i = 0; i < grey.Length; i++)
            {
                grey[i] = 255 - grey[i];
            }
        }

        var (x0, y0, x1, y1) = InkBounds(grey, w, h)
            ?? throw new CliException(ExitCodes.Image, $"{name}: no digit found (the image is blank after converting to grey)");
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        var scale = (double)Box / Math.Max(bw, bh);
        int tw = Math.Clamp((int)Math.Round(bw * scale), 1, Box), th = Math.Clamp((int)Math.Round(bh * scale), 1, Box);
        var small = AreaResample(grey, w, x0, y0, bw, bh, tw, th);
        var canvas = PasteByCentreOfMass(small, tw, th);
        return Array.ConvertAll(canvas, v => (float)((Math.Clamp(v, 0, 255) / 127.5) - 1.0));
    }

    private static double[] Grey(SKBitmap bitmap)
    {
        var pixels = bitmap.Pixels;
        var grey = new double[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var c = pixels[i];
            var luma = (0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue);
            var alpha = c.Alpha / 255.0;
            grey[i] = (alpha * luma) + ((1 - alpha) * 255);
        }

        return grey;
    }

    private static (int X0, int Y0, int X1, int Y1)? InkBounds(double[] grey, int w, int h)
    {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (grey[(y * w) + x] > InkThreshold)
                {
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                }
            }
        }

        return x1 < 0 ? null : (x0, y0, x1, y1);
    }

    /// <summary>Each output pixel is the mean of the source area it covers (fractional edges weighted).</summary>
    private static double[] AreaResample(double[] grey, int stride, int x0, int y0, int bw, int bh, int tw, int th)
    {
        var cols = Weights(bw, tw);
        var rows = Weights(bh, th);
        var result = new double[tw * th];
        for (var ty = 0; ty < th; ty++)
        {
            for (var tx = 0; tx < tw; tx++)
            {
                double sum = 0, area = 0;
                foreach (var (sy, wy) in rows[ty])
                {
                    foreach (var (sx, wx) in cols[tx])
                    {
                        sum += wy * wx * grey[((y0 + sy) * stride) + x0 + sx];
                        area += wy * wx;
                    }
                }

                result[(ty * tw) + tx] = sum / area;
            }
        }

        return result;
    }

    /// <summary>For each of <paramref name="to"/> cells, the source indices it overlaps and by how much.</summary>
    private static List<(int Index, double Weight)>[] Weights(int from, int to)
    {
        var weights = new List<(int, double)>[to];
        var step = (double)from / to;
        for (var t = 0; t < to; t++)
        {
            double start = t * step, end = (t + 1) * step;
            weights[t] = [];
            for (var s = (int)Math.Floor(start); s < Math.Min(from, (int)Math.Ceiling(end)); s++)
            {
                var overlap = Math.Min(end, s + 1) - Math.Max(start, s);
                if (overlap > 1e-12)
                {
                    weights[t].Add((s, overlap));
                }
            }
        }

        return weights;
    }

    private static double[] PasteByCentreOfMass(double[] small, int tw, int th)
    {
        double mass = 0, mx = 0, my = 0;
        for (var y = 0; y < th; y++)
        {
            for (var x = 0; x < tw; x++)
            {
                var v = small[(y * tw) + x];
                mass += v;
                mx += x * v;
                my += y * v;
            }
        }

        // Index coordinates, as MNIST (and scipy's center_of_mass recipe) does: the mass lands on pixel (14, 14).
        var left = (int)Math.Round((Size / 2.0) - (mx / mass));
        var top = (int)Math.Round((Size / 2.0) - (my / mass));
        var canvas = new double[Size * Size];
        for (var y = 0; y < th; y++)
        {
            for (var x = 0; x < tw; x++)
            {
                int cx = left + x, cy = top + y;
                if (cx is >= 0 and < Size && cy is >= 0 and < Size)
                {
                    canvas[(cy * Size) + cx] = small[(y * tw) + x];
                }
            }
        }

        return canvas;
    }
}
