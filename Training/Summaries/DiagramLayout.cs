using SkiaSharp;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Summaries;

/// <summary>A layer box at a grid position; columns may be fractional so a trunk can sit centred over two heads.</summary>
internal sealed record DiagramNode(ModelRow Row, float Column, int Slot);

/// <summary>A dashed frame around some boxes, labelled above it or beside its top-right corner.</summary>
internal sealed record DiagramFrame(IReadOnlyList<int> Nodes, string Label, bool Frozen, bool LabelBeside = false);

/// <summary>What to draw: boxes, arrows between box indices, frames, and the text around them.</summary>
internal sealed record DiagramSpec(
    string Title,
    string? Subtitle,
    IReadOnlyList<DiagramNode> Nodes,
    IReadOnlyList<(int From, int To)> Edges,
    IReadOnlyList<DiagramFrame> Frames,
    IReadOnlyList<string> Footer);

/// <summary>Turns grid positions into pixels; box width follows the widest text so nothing overflows.</summary>
internal sealed class DiagramLayout
{
    public const float TitleSize = 22, LabelSize = 16, ShapeSize = 14, DetailSize = 12, FooterSize = 14;
    public const float NoteSize = 13, Padding = 12, BoxHeight = 76, RowGap = 44, ColumnGap = 96, Margin = 36, FramePad = 12;
    public const string FrozenTag = "frozen";

    public DiagramLayout(DiagramSpec spec)
    {
        Spec = spec;
        BoxWidth = Math.Max(300, spec.Nodes.Max(n => TextWidth(n.Row)) + (2 * Padding));
        HeaderLines = spec.Subtitle is null ? [SummaryText.ShapeNote] : [spec.Subtitle, SummaryText.ShapeNote];
        // Frame labels sit above the first row, so leave them a line of their own.
        Top = Margin + TitleSize + (HeaderLines.Count * (NoteSize + 8)) + 24 + (spec.Frames.Any(f => !f.LabelBeside) ? 36 : 0);
        var rects = spec.Nodes.Select(BoxOf).ToList();
        Boxes = rects;
        var besideLabels = spec.Frames.Where(f => f.LabelBeside).Select(f => FrameRect(f).Right + 10 + PictureCanvas.MeasureText(f.Label, ShapeSize));
        var right = rects.Max(r => r.Right) + FramePad;
        Width = (int)Math.Ceiling(Math.Max(Math.Max(right, besideLabels.DefaultIfEmpty(0).Max()) + Margin, Math.Max(TextWidth(spec), DiagramPainter.LegendWidth()) + (2 * Margin)));
        FooterTop = rects.Max(r => r.Bottom) + FramePad + 34;
        Height = (int)Math.Ceiling(FooterTop + (spec.Footer.Count * (FooterSize + 8)) + 30 + Margin);
    }

    public DiagramSpec Spec { get; }

    public IReadOnlyList<SKRect> Boxes { get; }

    /// <summary>Muted lines under the title: the subtitle, if any, then the NCHW note.</summary>
    public IReadOnlyList<string> HeaderLines { get; }

    public float BoxWidth { get; }

    public float Top { get; }

    public float FooterTop { get; }

    public int Width { get; }

    public int Height { get; }

    public SKRect FrameRect(DiagramFrame frame)
    {
        var rect = Boxes[frame.Nodes[0]];
        foreach (var i in frame.Nodes)
        {
            rect = SKRect.Union(rect, Boxes[i]);
        }

        rect.Inflate(FramePad, FramePad);
        return rect;
    }

    /// <summary>The three lines of a box: "name (Type)", the output shape, and parameters with the layer's description.</summary>
    public static (string Label, string Shape, string Detail) Lines(ModelRow row)
    {
        var detail = $"{ModelTable.FormatCount(row.Params)} params";
        if (row.Description != row.Type && row.Type != "InputLayer")
        {
            detail += $" · {row.Description}";
        }

        return (row.Label, $"output {row.ShapeText}", detail);
    }

    private static float TextWidth(ModelRow row)
    {
        var (label, shape, detail) = Lines(row);
        // A frozen box carries a tag in its top-right corner, beside the label.
        var tag = row.Frozen ? PictureCanvas.MeasureText(FrozenTag, DetailSize) + 24 : 0;
        return Math.Max(PictureCanvas.MeasureText(label, LabelSize) + tag,
            Math.Max(PictureCanvas.MeasureText(shape, ShapeSize), PictureCanvas.MeasureText(detail, DetailSize)));
    }

    private float TextWidth(DiagramSpec spec) =>
        spec.Footer.Select(line => PictureCanvas.MeasureText(line, FooterSize))
            .Concat(HeaderLines.Select(line => PictureCanvas.MeasureText(line, NoteSize)))
            .Append(PictureCanvas.MeasureText(spec.Title, TitleSize)).Max();

    private SKRect BoxOf(DiagramNode node)
    {
        var left = Margin + FramePad + (node.Column * (BoxWidth + ColumnGap));
        var top = Top + (node.Slot * (BoxHeight + RowGap));
        return new SKRect(left, top, left + BoxWidth, top + BoxHeight);
    }
}
