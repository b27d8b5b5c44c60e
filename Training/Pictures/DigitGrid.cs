using SkiaSharp;

namespace Ssgan.Training.Pictures;

/// <summary>Layout of a <see cref="DigitGrid"/> picture.</summary>
public sealed record DigitGridOptions
{
    public int Rows { get; init; } = 10;

    public int Cols { get; init; } = 10;

    public int ImageRows { get; init; } = 28;

    public int ImageCols { get; init; } = 28;

    /// <summary>Each source pixel becomes Scale×Scale output pixels (nearest neighbour, so digits stay crisp).</summary>
    public int Scale { get; init; } = 3;

    /// <summary>White space between and around cells, in output pixels.</summary>
    public int Gap { get; init; } = 2;

    public string? Title { get; init; }
}

/// <summary>
/// Renders images with values in [−1, 1] as a grid of dark digits on white (matplotlib's 'gray_r'); NaN pixels are
/// drawn red so a diverged generator is obvious at a glance.
/// </summary>
public static class DigitGrid
{
    private const int TitleBand = 30;

    /// <summary>Grey level of value <paramref name="v"/>: 255·(1 − (v+1)/2), so −1 is white and +1 black; clamped.</summary>
    public static byte GreyLevel(float v) =>
        (byte)Math.Round(255.0 * (1.0 - ((Math.Clamp(v, -1f, 1f) + 1.0) / 2.0)), MidpointRounding.AwayFromZero);

    /// <summary>Width and height in pixels of a grid drawn with <paramref name="options"/>.</summary>
    public static (int Width, int Height) Size(DigitGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var width = (options.Cols * options.ImageCols * options.Scale) + ((options.Cols + 1) * options.Gap);
        var height = (options.Rows * options.ImageRows * options.Scale) + ((options.Rows + 1) * options.Gap);
        return (width, height + (options.Title is null ? 0 : TitleBand));
    }

    /// <summary>Renders up to Rows·Cols images (fewer leave blank cells), filling row by row, as PNG bytes.</summary>
    /// <param name="images">n·ImageRows·ImageCols values, image after image, row-major.</param>
    public static byte[] RenderPng(ReadOnlySpan<float> images, DigitGridOptions? options = null)
    {
        options ??= new DigitGridOptions();
        Validate(images.Length, options);
        var (width, height) = Size(options);
        using var surface = PictureCanvas.CreateWhite(width, height);
        var canvas = surface.Canvas;
        var top = 0;
        if (options.Title is not null)
        {
            PictureCanvas.DrawText(canvas, options.Title, width / 2f, 21, 16, SKTextAlign.Center);
            top = TitleBand;
        }

        var pixels = options.ImageRows * options.ImageCols;
        var count = images.Length / pixels;
        if (count > 0)
        {
            // All digits go into one tall source image so Skia scales them with a single sampler setting.
            var info = new SKImageInfo(options.ImageCols, count * options.ImageRows, SKColorType.Rgba8888, SKAlphaType.Premul);
            using var strip = SKImage.FromPixelCopy(info, ToRgba(images));
            var sampling = new SKSamplingOptions(SKFilterMode.Nearest);
            var cellWidth = options.ImageCols * options.Scale;
            var cellHeight = options.ImageRows * options.Scale;
            for (var i = 0; i < count; i++)
            {
                var x = options.Gap + ((i % options.Cols) * (cellWidth + options.Gap));
                var y = top + options.Gap + ((i / options.Cols) * (cellHeight + options.Gap));
                var source = SKRect.Create(0, i * options.ImageRows, options.ImageCols, options.ImageRows);
                canvas.DrawImage(strip, source, SKRect.Create(x, y, cellWidth, cellHeight), sampling, null);
            }
        }

        return PictureCanvas.EncodePng(surface);
    }

    /// <summary>Renders the grid and writes it to <paramref name="path"/> (creating its directory).</summary>
    public static void Save(string path, ReadOnlySpan<float> images, DigitGridOptions? options = null) =>
        PictureCanvas.WriteFile(path, RenderPng(images, options));

    private static void Validate(int length, DigitGridOptions options)
    {
        if (options.Rows <= 0 || options.Cols <= 0 || options.ImageRows <= 0 || options.ImageCols <= 0 || options.Scale <= 0 || options.Gap < 0)
        {
            throw new ArgumentException(
                $"grid {options.Rows}×{options.Cols} of {options.ImageRows}×{options.ImageCols} images at scale {options.Scale}, gap {options.Gap}: sizes must be > 0 and the gap ≥ 0",
                nameof(options));
        }

        var pixels = options.ImageRows * options.ImageCols;
        if (length % pixels != 0 || length / pixels > options.Rows * options.Cols)
        {
            throw new ArgumentException(
                $"{length} values are not a whole number of {options.ImageRows}×{options.ImageCols} images, or more than the {options.Rows * options.Cols} cells",
                nameof(options));
        }
    }

    private static byte[] ToRgba(ReadOnlySpan<float> images)
    {
        var rgba = new byte[images.Length * 4];
        for (var i = 0; i < images.Length; i++)
        {
            var v = images[i];
            var grey = GreyLevel(v);
            rgba[i * 4] = float.IsNaN(v) ? (byte)255 : grey;
            rgba[(i * 4) + 1] = float.IsNaN(v) ? (byte)0 : grey;
            rgba[(i * 4) + 2] = float.IsNaN(v) ? (byte)0 : grey;
            rgba[(i * 4) + 3] = 255;
        }

        return rgba;
    }
}
