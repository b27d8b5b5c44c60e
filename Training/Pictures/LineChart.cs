using SkiaSharp;

namespace Ssgan.Training.Pictures;

/// <summary>One named line: (x, y) points in drawing order; non-finite y values break the line.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points)
{
    /// <summary>Drawn dashed, so two curves of one colour (e.g. a run's raw and averaged accuracy) stay apart.</summary>
    public bool Dashed { get; init; }

    /// <summary>Index into the palette; null takes the series' own position in the chart.</summary>
    public int? Color { get; init; }
}

/// <summary>Titles and size of a <see cref="LineChart"/>; YMin/YMax pin the y range (e.g. 0–1 for accuracy).</summary>
public sealed record LineChartOptions
{
    public string? Title { get; init; }

    public string XLabel { get; init; } = "step";

    public string YLabel { get; init; } = "";

    public int Width { get; init; } = 800;

    public int Height { get; init; } = 500;

    public double? YMin { get; init; }

    public double? YMax { get; init; }

    /// <summary>
    /// The legend under the plot, in as many columns as fit, instead of inside its upper right corner: many curves
    /// that all end high would hide behind it there. The picture grows by the legend's rows.
    /// </summary>
    public bool LegendBelow { get; init; }
}

/// <summary>Line charts for loss and accuracy curves: axes with ticks, grid, axis titles and a legend.</summary>
public static class LineChart
{
    // matplotlib's tab10, so our pictures look like the ones people compare them with.
    private static readonly SKColor[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    public static byte[] RenderPng(IReadOnlyList<ChartSeries> series, LineChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new LineChartOptions();
        if (options.Width < 200 || options.Height < 150)
        {
            throw new ArgumentException($"chart must be at least 200×150 pixels, got {options.Width}×{options.Height}", nameof(options));
        }

        var legend = options.LegendBelow ? LegendGrid.For(series, options.Width) : LegendGrid.None;
        var height = options.Height + legend.Height;
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var x = NiceScale.Compute(points.Count > 0 ? points.Min(p => p.X) : 0, points.Count > 0 ? points.Max(p => p.X) : 1, 8);
        var y = NiceScale.Compute(
            options.YMin ?? (points.Count > 0 ? points.Min(p => p.Y) : 0), options.YMax ?? (points.Count > 0 ? points.Max(p => p.Y) : 1), 6);
        var plot = new SKRect(78, options.Title is null ? 20 : 44, options.Width - 24, options.Height - 56);
        float Px(double v) => plot.Left + (float)((v - x.Min) / (x.Max - x.Min) * plot.Width);
        float Py(double v) => plot.Bottom - (float)((v - y.Min) / (y.Max - y.Min) * plot.Height);

        using var surface = PictureCanvas.CreateWhite(options.Width, height);
        var canvas = surface.Canvas;
        using var grid = new SKPaint { Color = new SKColor(0xe4, 0xe4, 0xe4), StrokeWidth = 1, IsAntialias = true };
        using var axis = new SKPaint { Color = PictureCanvas.Ink, StrokeWidth = 1.5f, Style = SKPaintStyle.Stroke, IsAntialias = true };
        foreach (var t in NiceScale.Ticks(x.Min, x.Max, x.Step))
        {
            canvas.DrawLine(Px(t), plot.Top, Px(t), plot.Bottom, grid);
            PictureCanvas.DrawText(canvas, NiceScale.Format(t, x.Step), Px(t), plot.Bottom + 18, 12, SKTextAlign.Center);
        }

        foreach (var t in NiceScale.Ticks(y.Min, y.Max, y.Step))
        {
            canvas.DrawLine(plot.Left, Py(t), plot.Right, Py(t), grid);
            PictureCanvas.DrawText(canvas, NiceScale.Format(t, y.Step), plot.Left - 6, Py(t) + 4, 12, SKTextAlign.Right);
        }

        canvas.DrawRect(plot, axis);
        canvas.Save();
        canvas.ClipRect(plot);
        for (var i = 0; i < series.Count; i++)
        {
            DrawSeries(canvas, series[i], ColorOf(series, i), Px, Py);
        }

        canvas.Restore();
        DrawTitles(canvas, options, plot);
        if (options.LegendBelow)
        {
            DrawLegendBelow(canvas, series, legend, options.Height);
        }
        else
        {
            DrawLegend(canvas, series, plot);
        }

        return PictureCanvas.EncodePng(surface);
    }

    public static void Save(string path, IReadOnlyList<ChartSeries> series, LineChartOptions? options = null) =>
        PictureCanvas.WriteFile(path, RenderPng(series, options));

    private static void DrawSeries(SKCanvas canvas, ChartSeries series, SKColor color, Func<double, float> px, Func<double, float> py)
    {
        using var stroke = Stroke(color, 2, series.Dashed);
        using var builder = new SKPathBuilder();
        var penDown = false;
        foreach (var (x, y) in series.Points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                penDown = false;
                continue;
            }

            if (penDown)
            {
                builder.LineTo(px(x), py(y));
            }
            else
            {
                builder.MoveTo(px(x), py(y));
                penDown = true;
            }
        }

        using var path = builder.Detach();
        canvas.DrawPath(path, stroke);
        if (series.Points.Count == 1 && double.IsFinite(series.Points[0].Y))
        {
            using var dot = new SKPaint { Color = color, IsAntialias = true };
            canvas.DrawCircle(px(series.Points[0].X), py(series.Points[0].Y), 3, dot);
        }
    }

    private static void DrawTitles(SKCanvas canvas, LineChartOptions options, SKRect plot)
    {
        if (options.Title is not null)
        {
            PictureCanvas.DrawText(canvas, options.Title, options.Width / 2f, 28, 17, SKTextAlign.Center);
        }

        PictureCanvas.DrawText(canvas, options.XLabel, plot.MidX, options.Height - 14, 14, SKTextAlign.Center);
        canvas.Save();
        canvas.RotateDegrees(-90, 20, plot.MidY);
        PictureCanvas.DrawText(canvas, options.YLabel, 20, plot.MidY, 14, SKTextAlign.Center);
        canvas.Restore();
    }

    private static void DrawLegend(SKCanvas canvas, IReadOnlyList<ChartSeries> series, SKRect plot)
    {
        if (series.Count == 0)
        {
            return;
        }

        const float Row = 20, Swatch = 24, Pad = 8;
        var textWidth = series.Max(s => PictureCanvas.MeasureText(s.Name, 13));
        var box = SKRect.Create(plot.Right - textWidth - Swatch - (3 * Pad), plot.Top + Pad, textWidth + Swatch + (3 * Pad), (series.Count * Row) + Pad);
        using var fill = new SKPaint { Color = SKColors.White.WithAlpha(230) };
        using var border = new SKPaint { Color = new SKColor(0xbb, 0xbb, 0xbb), Style = SKPaintStyle.Stroke, IsAntialias = true };
        canvas.DrawRoundRect(box, 4, 4, fill);
        canvas.DrawRoundRect(box, 4, 4, border);
        for (var i = 0; i < series.Count; i++)
        {
            var midY = box.Top + Pad + (i * Row) + 6;
            using var line = Stroke(ColorOf(series, i), 3, series[i].Dashed);
            canvas.DrawLine(box.Left + Pad, midY, box.Left + Pad + Swatch, midY, line);
            PictureCanvas.DrawText(canvas, series[i].Name, box.Left + (2 * Pad) + Swatch, midY + 5, 13, SKTextAlign.Left);
        }
    }

    private static void DrawLegendBelow(SKCanvas canvas, IReadOnlyList<ChartSeries> series, LegendGrid grid, float top)
    {
        for (var i = 0; i < series.Count; i++)
        {
            var left = LegendGrid.Margin + (i % grid.Columns * grid.ColumnWidth);
            var midY = top + LegendGrid.Pad + (i / grid.Columns * LegendGrid.Row) + 2;
            using var line = Stroke(ColorOf(series, i), 3, series[i].Dashed);
            canvas.DrawLine(left, midY, left + LegendGrid.Swatch, midY, line);
            PictureCanvas.DrawText(canvas, series[i].Name, left + LegendGrid.Swatch + LegendGrid.Pad, midY + 5, 13, SKTextAlign.Left);
        }
    }

    private static SKColor ColorOf(IReadOnlyList<ChartSeries> series, int i) => Palette[(series[i].Color ?? i) % Palette.Length];

    private static SKPaint Stroke(SKColor color, float width, bool dashed) => new()
    {
        Color = color,
        StrokeWidth = width,
        Style = SKPaintStyle.Stroke,
        IsAntialias = true,
        StrokeJoin = SKStrokeJoin.Round,
        PathEffect = dashed ? SKPathEffect.CreateDash([7, 4], 0) : null,
    };

    /// <summary>Where a legend under the plot goes: equal columns as wide as the longest name, as many as fit.</summary>
    private sealed record LegendGrid(int Columns, float ColumnWidth, int Height)
    {
        public const float Row = 20, Swatch = 28, Pad = 8, Margin = 78;

        public static readonly LegendGrid None = new(1, 0, 0);

        public static LegendGrid For(IReadOnlyList<ChartSeries> series, int width)
        {
            if (series.Count == 0)
            {
                return None;
            }

            var column = series.Max(s => PictureCanvas.MeasureText(s.Name, 13)) + Swatch + (3 * Pad);
            var columns = Math.Clamp((int)((width - Margin - 24) / column), 1, series.Count);
            var rows = (series.Count + columns - 1) / columns;
            return new LegendGrid(columns, column, (int)((rows * Row) + (2 * Pad)));
        }
    }
}
