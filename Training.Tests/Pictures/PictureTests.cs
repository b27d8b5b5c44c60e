using SkiaSharp;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Tests.Pictures;

[TestClass]
public sealed class PictureTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void FontLoadsFromTheBundledFile()
    {
        using var typeface = Fonts.Load();

        Assert.AreEqual("DejaVu Sans", typeface.FamilyName);
    }

    [TestMethod]
    public void DigitGridIsWhiteWithDarkDigits()
    {
        var images = new float[3 * 784];
        images.AsSpan().Fill(-1f);
        images.AsSpan(0, 784).Fill(1f);
        images[784 + 10] = float.NaN;

        using var bitmap = Decode(DigitGrid.RenderPng(images));

        Assert.AreEqual((862, 862), (bitmap.Width, bitmap.Height));
        Assert.AreEqual(SKColors.White, bitmap.GetPixel(0, 0));
        Assert.AreEqual(SKColors.Black, bitmap.GetPixel(2 + 40, 2 + 40));
        Assert.AreEqual(SKColors.White, bitmap.GetPixel(2 + 84 + 2 + 40, 2 + 40));
        Assert.AreEqual(new SKColor(255, 0, 0), bitmap.GetPixel(2 + 84 + 2 + 31, 2 + 1));
        Assert.AreEqual(SKColors.White, bitmap.GetPixel(861, 861));
    }

    [TestMethod]
    public void GreyLevelFollowsGrayR()
    {
        Assert.AreEqual(255, DigitGrid.GreyLevel(-1f));
        Assert.AreEqual(0, DigitGrid.GreyLevel(1f));
        Assert.AreEqual(128, DigitGrid.GreyLevel(0f));
        Assert.AreEqual(0, DigitGrid.GreyLevel(7f));
    }

    [TestMethod]
    public void DigitGridTitleRenders()
    {
        var images = BundledMnist.Dataset.Test.Images.AsSpan(0, 100 * 784);
        var options = new DigitGridOptions { Title = "MNIST test digits 0–99" };

        var png = DigitGrid.RenderPng(images, options);
        using var bitmap = Decode(png);
        Keep("digit-grid.png", png);

        Assert.AreEqual((862, 892), (bitmap.Width, bitmap.Height));
        Assert.IsGreaterThan(50, DarkPixels(bitmap, SKRectI.Create(300, 0, 262, 30)));
    }

    [TestMethod]
    public void LineChartHasTitleAxesAndLegend()
    {
        var loss = Enumerable.Range(0, 50).Select(i => (X: i * 100.0, Y: 2.3 * Math.Exp(-i / 12.0))).ToList();
        var accuracy = Enumerable.Range(0, 50).Select(i => (X: i * 100.0, Y: 1 - Math.Exp(-i / 8.0))).ToList();
        var options = new LineChartOptions { Title = "Classifier", YLabel = "value" };

        var png = LineChart.RenderPng([new ChartSeries("loss", loss), new ChartSeries("accuracy", accuracy)], options);
        var untitled = LineChart.RenderPng([new ChartSeries("loss", loss)], options with { Title = null });
        using var bitmap = Decode(png);
        using var plain = Decode(untitled);
        Keep("line-chart.png", png);

        Assert.AreEqual((800, 500), (bitmap.Width, bitmap.Height));
        Assert.IsGreaterThan(50, DarkPixels(bitmap, SKRectI.Create(340, 8, 120, 28)));
        Assert.AreEqual(0, DarkPixels(plain, SKRectI.Create(340, 0, 120, 18)));
        Assert.IsGreaterThan(50, DarkPixels(bitmap, SKRectI.Create(350, 470, 100, 30)), "x-axis title");
    }

    [TestMethod]
    public void ConfusionMatrixShowsCountsAndLabels()
    {
        var counts = new int[100];
        for (var t = 0; t < 10; t++)
        {
            counts[(t * 10) + t] = 950 + t;
            counts[(t * 10) + ((t + 3) % 10)] = 50 - t;
        }

        var png = ConfusionMatrixImage.RenderPng(counts, 10, "test set");
        using var bitmap = Decode(png);
        Keep("confusion-matrix.png", png);

        Assert.AreEqual((572, 604), (bitmap.Width, bitmap.Height));
        Assert.IsGreaterThan(50, DarkPixels(bitmap, SKRectI.Create(100, 8, 372, 28)));
        Assert.IsLessThan(40, bitmap.GetPixel(72 + 2, 64 + 2).Red, "a 95% cell is dark blue");
        Assert.AreEqual(new SKColor(0xf7, 0xfb, 0xff), bitmap.GetPixel(72 + 48 + 2, 64 + 2));
        Assert.ThrowsExactly<ArgumentException>(() => ConfusionMatrixImage.RenderPng(new int[99]));
    }

    [TestMethod]
    public void SaveCreatesTheDirectory()
    {
        using var temp = new TempDirectory();
        var path = temp.File("pictures/grid.png");

        DigitGrid.Save(path, new float[784], new DigitGridOptions { Rows = 1, Cols = 1 });

        using var bitmap = SKBitmap.Decode(path);
        Assert.AreEqual((88, 88), (bitmap.Width, bitmap.Height));
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new AssertFailedException("PNG did not decode");

    private static int DarkPixels(SKBitmap bitmap, SKRectI area)
    {
        var dark = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                dark += c.Red + c.Green + c.Blue < 3 * 160 ? 1 : 0;
            }
        }

        return dark;
    }

    /// <summary>Set SSGAN_PICTURE_DIR to keep the rendered pictures for a human to look at.</summary>
    private static void Keep(string name, byte[] png)
    {
        var directory = Environment.GetEnvironmentVariable("SSGAN_PICTURE_DIR");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, name), png);
        }
    }
}
