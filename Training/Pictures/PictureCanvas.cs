using SkiaSharp;

namespace Ssgan.Training.Pictures;

/// <summary>Shared plumbing for the PNG pictures: white surfaces, text in the bundled font, PNG encoding.</summary>
internal static class PictureCanvas
{
    public static readonly SKColor Ink = new(0x22, 0x22, 0x22);

    public static SKSurface CreateWhite(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} surface");
        surface.Canvas.Clear(SKColors.White);
        return surface;
    }

    public static void DrawText(SKCanvas canvas, string text, float x, float baseline, float size, SKTextAlign align, SKColor? color = null)
    {
        using var font = new SKFont(Fonts.Default, size) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = color ?? Ink, IsAntialias = true };
        canvas.DrawText(text, x, baseline, align, font, paint);
    }

    public static float MeasureText(string text, float size)
    {
        using var font = new SKFont(Fonts.Default, size);
        return font.MeasureText(text);
    }

    public static byte[] EncodePng(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static void WriteFile(string path, byte[] png)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, png);
    }
}
