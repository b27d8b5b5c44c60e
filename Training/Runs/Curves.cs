using SkiaSharp;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Runs;

/// <summary>curves.png: the four losses (averaged over windows, since single steps are noisy) above the test accuracy.</summary>
public static class Curves
{
    public static void Save(string metricsPath, string pngPath)
    {
        var rows = MetricsLog.Read(metricsPath);
        if (rows.Count == 0)
        {
            return;
        }

        var window = Math.Max(1, rows.Count / 200);
        string[] names = ["supervised", "real", "fake", "generator"];
        int[] columns = [2, 4, 5, 6];
        var losses = new List<ChartSeries>();
        for (var s = 0; s < names.Length; s++)
        {
            var points = new List<(double, double)>();
            for (var start = 0; start < rows.Count; start += window)
            {
                var end = Math.Min(rows.Count, start + window);
                double sum = 0;
                for (var i = start; i < end; i++)
                {
                    sum += rows[i][columns[s]];
                }

                points.Add((rows[end - 1][0], sum / (end - start)));
            }

            if (points.Exists(p => double.IsFinite(p.Item2)))
            {
                losses.Add(new ChartSeries($"{names[s]} loss", points));
            }
        }

        List<(double, double)> accuracy = [], averaged = [];
        foreach (var r in rows)
        {
            if (double.IsFinite(MetricsLog.Cell(r, MetricsLog.TestAccuracyColumn)))
            {
                accuracy.Add((r[0], r[MetricsLog.TestAccuracyColumn]));
            }

            if (double.IsFinite(MetricsLog.Cell(r, MetricsLog.AveragedAccuracyColumn)))
            {
                averaged.Add((r[0], r[MetricsLog.AveragedAccuracyColumn]));
            }
        }

        List<ChartSeries> accuracySeries = [new ChartSeries("test accuracy", accuracy)];
        if (averaged.Count > 0)
        {
            accuracySeries.Add(new ChartSeries("test accuracy, averaged weights", averaged));
        }

        var top = LineChart.RenderPng(losses, new LineChartOptions { Title = $"Losses (mean over {window} steps)", YLabel = "loss" });
        var bottom = LineChart.RenderPng(
            accuracySeries,
            new LineChartOptions { Title = "Test accuracy (10,000 images)", YLabel = "accuracy", YMin = 0, YMax = 1 });
        PictureCanvas.WriteFile(pngPath, StackVertically(top, bottom));
    }

    private static byte[] StackVertically(byte[] topPng, byte[] bottomPng)
    {
        using var top = SKBitmap.Decode(topPng);
        using var bottom = SKBitmap.Decode(bottomPng);
        using var surface = PictureCanvas.CreateWhite(Math.Max(top.Width, bottom.Width), top.Height + bottom.Height);
        using var topImage = SKImage.FromBitmap(top);
        using var bottomImage = SKImage.FromBitmap(bottom);
        surface.Canvas.DrawImage(topImage, 0, 0, SKSamplingOptions.Default, null);
        surface.Canvas.DrawImage(bottomImage, 0, top.Height, SKSamplingOptions.Default, null);
        return PictureCanvas.EncodePng(surface);
    }
}
