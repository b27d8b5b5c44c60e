using System.Globalization;
using SkiaSharp;

namespace Ssgan.Training.Pictures;

/// <summary>
/// A confusion-matrix heatmap: rows are true classes, columns predicted ones, each cell shows its count and is
/// shaded by its share of the row (so a rare class's errors are as visible as a common one's).
/// </summary>
public static class ConfusionMatrixImage
{
    private const int Cell = 48, Left = 72, Top = 64, Right = 20, Bottom = 60;
    private static readonly SKColor Light = new(0xf7, 0xfb, 0xff), Dark = new(0x08, 0x30, 0x6b);

    /// <param name="counts">classes×classes counts, row-major: counts[true·classes + predicted].</param>
    /// <param name="classes">Number of classes (10 for MNIST).</param>
    /// <param name="title">Heading; the accuracy (trace/total) is appended.</param>
    public static byte[] RenderPng(ReadOnlySpan<int> counts, int classes = 10, string? title = null)
    {
        if (classes <= 0 || counts.Length != classes * classes)
        {
            throw new ArgumentException($"{counts.Length} counts do not form a {classes}×{classes} matrix", nameof(counts));
        }

        long total = 0, correct = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[i], nameof(counts));
            total += counts[i];
            correct += i / classes == i % classes ? counts[i] : 0;
        }

        var width = Left + (classes * Cell) + Right;
        var height = Top + (classes * Cell) + Bottom;
        using var surface = PictureCanvas.CreateWhite(width, height);
        var canvas = surface.Canvas;
        var accuracy = total == 0 ? "no samples" : $"accuracy {(100.0 * correct / total).ToString("F2", CultureInfo.InvariantCulture)}% of {total}";
        PictureCanvas.DrawText(canvas, title is null ? accuracy : $"{title} — {accuracy}", width / 2f, 26, 16, SKTextAlign.Center);

        using var fill = new SKPaint();
        for (var t = 0; t < classes; t++)
        {
            long rowTotal = 0;
            for (var p = 0; p < classes; p++)
            {
                rowTotal += counts[(t * classes) + p];
            }

            for (var p = 0; p < classes; p++)
            {
                var count = counts[(t * classes) + p];
                var share = rowTotal == 0 ? 0f : (float)count / rowTotal;
                fill.Color = Blend(share);
                var cell = SKRect.Create(Left + (p * Cell), Top + (t * Cell), Cell, Cell);
                canvas.DrawRect(cell, fill);
                var ink = share > 0.5f ? SKColors.White : PictureCanvas.Ink;
                var size = count >= 10000 ? 11 : 13;
                PictureCanvas.DrawText(canvas, count.ToString(CultureInfo.InvariantCulture), cell.MidX, cell.MidY + 5, size, SKTextAlign.Center, ink);
            }
        }

        for (var c = 0; c < classes; c++)
        {
            var label = c.ToString(CultureInfo.InvariantCulture);
            PictureCanvas.DrawText(canvas, label, Left + (c * Cell) + (Cell / 2f), Top + (classes * Cell) + 18, 13, SKTextAlign.Center);
            PictureCanvas.DrawText(canvas, label, Left - 8, Top + (c * Cell) + (Cell / 2f) + 5, 13, SKTextAlign.Right);
        }

        PictureCanvas.DrawText(canvas, "predicted", Left + (classes * Cell / 2f), height - 16, 14, SKTextAlign.Center);
        canvas.Save();
        canvas.RotateDegrees(-90, 24, Top + (classes * Cell / 2f));
        PictureCanvas.DrawText(canvas, "true", 24, Top + (classes * Cell / 2f), 14, SKTextAlign.Center);
        canvas.Restore();
        return PictureCanvas.EncodePng(surface);
    }

    public static void Save(string path, ReadOnlySpan<int> counts, int classes = 10, string? title = null) =>
        PictureCanvas.WriteFile(path, RenderPng(counts, classes, title));

    private static SKColor Blend(float share)
    {
        // sqrt lifts small shares (a few % of errors) out of the near-white end.
        var t = MathF.Sqrt(Math.Clamp(share, 0f, 1f));
        return new SKColor(Mix(Light.Red, Dark.Red, t), Mix(Light.Green, Dark.Green, t), Mix(Light.Blue, Dark.Blue, t));
    }

    private static byte Mix(byte a, byte b, float t) => (byte)Math.Round(a + ((b - a) * t));
}
