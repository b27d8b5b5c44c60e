using SkiaSharp;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Tests.Pictures;

/// <summary>The chart options a comparison of several runs needs: dashed series, shared colours, a legend below, a pinned y range.</summary>
[TestClass]
public sealed class LineChartLegendTests
{
    // No title: the plot spans rows 20–444 and columns 78–776 of the default 800×500.
    private const int PlotTop = 20, PlotBottom = 444, PlotLeft = 78, PlotRight = 776;
    private static readonly SKColor Blue = new(0x1f, 0x77, 0xb4);
    private static readonly LineChartOptions Unit = new() { YMin = 0, YMax = 1 };

    [TestMethod]
    public void DashedSeries_LeavesGaps_InTheColourItNames()
    {
        var solid = Flat(0.25, "solid");
        var dashed = Flat(0.75, "dashed") with { Dashed = true, Color = 0 };

        using var bitmap = Decode(LineChart.RenderPng([solid, dashed], Unit));

        var solidPixels = Count(bitmap, Row(0.25), Blue);
        var dashedPixels = Count(bitmap, Row(0.75), Blue);
        Assert.IsGreaterThan(0.95 * (PlotRight - PlotLeft - 20), solidPixels, "the solid line is unbroken");
        Assert.IsLessThan(0.8 * solidPixels, dashedPixels, "the dashed line has gaps");
        Assert.IsGreaterThan(0.4 * solidPixels, dashedPixels, "and is there, in the first palette colour it asked for");
    }

    [TestMethod]
    public void LegendBelow_GrowsThePictureByItsRows_AndLeavesThePlotFree()
    {
        ChartSeries[] three = [Flat(0.5, "a"), Flat(0.5, "b"), Flat(0.5, "c")];
        ChartSeries[] many = [.. Enumerable.Range(0, 12).Select(i => Flat(0.5, $"a long name for curve number {i + 10}"))];
        using var font = new SKFont(Fonts.Default, 13);
        var columns = (int)((800 - 78 - 24) / (font.MeasureText(many[0].Name) + 28 + 24));

        using var inside = Decode(LineChart.RenderPng(three, Unit));
        using var below = Decode(LineChart.RenderPng(three, Unit with { LegendBelow = true }));
        using var tall = Decode(LineChart.RenderPng(many, Unit with { LegendBelow = true }));

        Assert.AreEqual((800, 500), (inside.Width, inside.Height));
        Assert.AreEqual((800, 500 + 20 + 16), (below.Width, below.Height), "three short names in one row");
        Assert.IsInRange(1, 11, columns, "the long names take more than one row");
        Assert.AreEqual(500 + ((12 + columns - 1) / columns * 20) + 16, tall.Height, $"twelve long names in {columns} columns");
        Assert.IsGreaterThan(20, Count(below, SKRectI.Create(PlotLeft, 505, 40, 20), Blue), "the first swatch, under the plot");
        Assert.AreEqual(0, Dark(below, SKRectI.Create(PlotRight - 60, PlotTop + 4, 50, 60)), "no legend box in the plot's corner");
        Assert.IsGreaterThan(0, Dark(inside, SKRectI.Create(PlotRight - 60, PlotTop + 4, 50, 60)), "where the default legend is");
    }

    [TestMethod]
    public void PinnedYMin_IsTheBottomOfTheAxis()
    {
        using var bitmap = Decode(LineChart.RenderPng([Flat(0.75, "x")], new LineChartOptions { YMin = 0.7, YMax = 1 }));

        // 0.75 is a sixth of the way up 0.7–1; a range widened to 0.6–1 would put it at three eighths.
        var expected = PlotBottom - ((PlotBottom - PlotTop) / 6);
        Assert.IsGreaterThan(600, Count(bitmap, SKRectI.Create(PlotLeft, expected - 2, PlotRight - PlotLeft, 5), Blue));
    }

    private static ChartSeries Flat(double y, string name) => new(name, [(0, y), (100, y)]);

    private static SKRectI Row(double y)
    {
        var row = (int)Math.Round(PlotBottom - (y * (PlotBottom - PlotTop)));
        return SKRectI.Create(PlotLeft + 10, row, PlotRight - PlotLeft - 20, 1);
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new AssertFailedException("PNG did not decode");

    /// <summary>Pixels within a small distance of <paramref name="color"/> (antialiased edges excluded).</summary>
    private static int Count(SKBitmap bitmap, SKRectI area, SKColor color)
    {
        var n = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                n += Math.Abs(c.Red - color.Red) + Math.Abs(c.Green - color.Green) + Math.Abs(c.Blue - color.Blue) < 60 ? 1 : 0;
            }
        }

        return n;
    }

    private static int Dark(SKBitmap bitmap, SKRectI area)
    {
        var n = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                n += c.Red + c.Green + c.Blue < 3 * 160 ? 1 : 0;
            }
        }

        return n;
    }
}
