using SkiaSharp;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Summaries;

/// <summary>Draws a laid-out diagram: frames first, then arrows, then boxes on top so arrows never cross text.</summary>
internal static class DiagramPainter
{
    // Colours say what a layer does to training: blue learns, white has nothing to learn, grey is frozen.
    private static readonly SKColor TrainableFill = new(0xdb, 0xe9, 0xf6), TrainableEdge = new(0x1f, 0x77, 0xb4);
    private static readonly SKColor PlainFill = SKColors.White, PlainEdge = new(0x55, 0x55, 0x55);
    private static readonly SKColor FrozenFill = new(0xdd, 0xdd, 0xdd), FrozenEdge = new(0x88, 0x88, 0x88);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);

    public static byte[] RenderPng(DiagramLayout layout)
    {
        var spec = layout.Spec;
        using var surface = PictureCanvas.CreateWhite(layout.Width, layout.Height);
        var canvas = surface.Canvas;
        PictureCanvas.DrawText(canvas, spec.Title, DiagramLayout.Margin, DiagramLayout.Margin + DiagramLayout.TitleSize, DiagramLayout.TitleSize, SKTextAlign.Left);
        var baseline = DiagramLayout.Margin + DiagramLayout.TitleSize + 4;
        foreach (var line in layout.HeaderLines)
        {
            baseline += DiagramLayout.NoteSize + 8;
            PictureCanvas.DrawText(canvas, line, DiagramLayout.Margin, baseline, DiagramLayout.NoteSize, SKTextAlign.Left, Muted);
        }
        foreach (var frame in spec.Frames)
        {
            DrawFrame(canvas, layout, frame);
        }

        foreach (var (from, to) in spec.Edges)
        {
            DrawArrow(canvas, layout.Boxes[from], layout.Boxes[to]);
        }

        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            DrawBox(canvas, layout.Boxes[i], spec.Nodes[i].Row);
        }

        var y = layout.FooterTop;
        foreach (var line in spec.Footer)
        {
            PictureCanvas.DrawText(canvas, line, DiagramLayout.Margin, y, DiagramLayout.FooterSize, SKTextAlign.Left);
            y += DiagramLayout.FooterSize + 8;
        }

        DrawLegend(canvas, DiagramLayout.Margin, y + 10);
        return PictureCanvas.EncodePng(surface);
    }

    private static void DrawBox(SKCanvas canvas, SKRect box, ModelRow row)
    {
        var (fill, edge) = row.Frozen ? (FrozenFill, FrozenEdge) : row.Params > 0 ? (TrainableFill, TrainableEdge) : (PlainFill, PlainEdge);
        using var fillPaint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var edgePaint = new SKPaint { Color = edge, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        canvas.DrawRoundRect(box, 6, 6, fillPaint);
        canvas.DrawRoundRect(box, 6, 6, edgePaint);

        var (label, shape, detail) = DiagramLayout.Lines(row);
        var x = box.Left + DiagramLayout.Padding;
        PictureCanvas.DrawText(canvas, label, x, box.Top + 24, DiagramLayout.LabelSize, SKTextAlign.Left);
        PictureCanvas.DrawText(canvas, shape, x, box.Top + 46, DiagramLayout.ShapeSize, SKTextAlign.Left);
        PictureCanvas.DrawText(canvas, detail, x, box.Top + 66, DiagramLayout.DetailSize, SKTextAlign.Left, Muted);
        if (row.Frozen)
        {
            var tagWidth = PictureCanvas.MeasureText(DiagramLayout.FrozenTag, DiagramLayout.DetailSize) + 12;
            var tag = new SKRect(box.Right - tagWidth - 8, box.Top + 8, box.Right - 8, box.Top + 26);
            using var tagPaint = new SKPaint { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };
            canvas.DrawRoundRect(tag, 4, 4, tagPaint);
            PictureCanvas.DrawText(canvas, DiagramLayout.FrozenTag, tag.MidX, tag.Bottom - 5, DiagramLayout.DetailSize, SKTextAlign.Center, SKColors.White);
        }
    }

    /// <summary>Straight down, an elbow down to a box beside, or (for a box above) out the right side and up.</summary>
    private static void DrawArrow(SKCanvas canvas, SKRect from, SKRect to)
    {
        using var builder = new SKPathBuilder();
        SKPoint tip;
        SKPoint direction;
        if (to.Top >= from.Bottom)
        {
            var midY = (from.Bottom + to.Top) / 2;
            builder.MoveTo(from.MidX, from.Bottom);
            builder.LineTo(from.MidX, midY);
            builder.LineTo(to.MidX, midY);
            tip = new SKPoint(to.MidX, to.Top);
            direction = new SKPoint(0, 1);
        }
        else
        {
            var midX = (from.Right + to.Left) / 2;
            builder.MoveTo(from.Right, from.MidY);
            builder.LineTo(midX, from.MidY);
            builder.LineTo(midX, to.MidY);
            tip = new SKPoint(to.Left, to.MidY);
            direction = new SKPoint(1, 0);
        }

        builder.LineTo(tip.X - (direction.X * 9), tip.Y - (direction.Y * 9));
        using var path = builder.Detach();
        using var line = new SKPaint { Color = PictureCanvas.Ink, Style = SKPaintStyle.Stroke, StrokeWidth = 1.6f, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        canvas.DrawPath(path, line);
        var normal = new SKPoint(-direction.Y, direction.X);
        using var headBuilder = new SKPathBuilder();
        headBuilder.MoveTo(tip.X, tip.Y);
        headBuilder.LineTo(tip.X - (direction.X * 11) + (normal.X * 6), tip.Y - (direction.Y * 11) + (normal.Y * 6));
        headBuilder.LineTo(tip.X - (direction.X * 11) - (normal.X * 6), tip.Y - (direction.Y * 11) - (normal.Y * 6));
        headBuilder.Close();
        using var head = headBuilder.Detach();
        using var fill = new SKPaint { Color = PictureCanvas.Ink, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(head, fill);
    }

    private static void DrawFrame(SKCanvas canvas, DiagramLayout layout, DiagramFrame frame)
    {
        var rect = layout.FrameRect(frame);
        using var fill = new SKPaint { Color = frame.Frozen ? new SKColor(0xf2, 0xf2, 0xf2) : new SKColor(0xfa, 0xfc, 0xff), IsAntialias = true };
        using var dash = SKPathEffect.CreateDash([8, 5], 0);
        using var edge = new SKPaint { Color = frame.Frozen ? FrozenEdge : TrainableEdge, Style = SKPaintStyle.Stroke, StrokeWidth = 1.4f, PathEffect = dash, IsAntialias = true };
        canvas.DrawRoundRect(rect, 10, 10, fill);
        canvas.DrawRoundRect(rect, 10, 10, edge);
        if (frame.LabelBeside)
        {
            PictureCanvas.DrawText(canvas, frame.Label, rect.Right + 10, rect.Top + 18, DiagramLayout.ShapeSize, SKTextAlign.Left, Muted);
        }
        else
        {
            PictureCanvas.DrawText(canvas, frame.Label, rect.Left + 4, rect.Top - 10, DiagramLayout.ShapeSize, SKTextAlign.Left, Muted);
        }
    }

    private static readonly (SKColor Fill, SKColor Edge, string Text)[] LegendKeys =
        [(TrainableFill, TrainableEdge, "trainable weights"), (PlainFill, PlainEdge, "no weights"), (FrozenFill, FrozenEdge, "frozen (not updated)")];

    public static float LegendWidth() => LegendKeys.Sum(k => 22 + 6 + PictureCanvas.MeasureText(k.Text, 13) + 22);

    private static void DrawLegend(SKCanvas canvas, float x, float top)
    {
        foreach (var (fillColor, edgeColor, text) in LegendKeys)
        {
            var swatch = new SKRect(x, top, x + 22, top + 14);
            using var fill = new SKPaint { Color = fillColor, IsAntialias = true };
            using var edge = new SKPaint { Color = edgeColor, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f, IsAntialias = true };
            canvas.DrawRect(swatch, fill);
            canvas.DrawRect(swatch, edge);
            PictureCanvas.DrawText(canvas, text, swatch.Right + 6, top + 12, 13, SKTextAlign.Left, Muted);
            x = swatch.Right + 6 + PictureCanvas.MeasureText(text, 13) + 22;
        }
    }
}
