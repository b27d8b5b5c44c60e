using SkiaSharp;
using Ssgan.Cli;
using Ssgan.Cli.Imaging;
using Ssgan.Training.Pictures;

namespace Ssgan.Cli.Tests;

[TestClass]
public sealed class MnistPreprocessingTests
{
    private const int N = MnistPreprocessing.Size;

    [TestMethod]
    public void DarkBarOnLightPaper_BecomesAWhiteBar20PxHighCentredInBlack()
    {
        using var bitmap = Canvas(200, 100, SKColors.White, SKColors.Black, new SKRect(150, 10, 160, 90));

        var x = MnistPreprocessing.FromBitmap(bitmap, "bar");

        Assert.HasCount(N * N, x);
        var (x0, y0, x1, y1) = Ink(x);
        Assert.AreEqual(20, y1 - y0 + 1, "the longer side is scaled to 20 px");
        Assert.IsLessThanOrEqualTo(4, x1 - x0 + 1, "aspect ratio kept (10×80 → 2.5×20)");
        var (cx, cy) = CentreOfMass(x);
        Assert.AreEqual(14.0, cx, 0.5);
        Assert.AreEqual(14.0, cy, 0.5);
        Assert.AreEqual(-1f, x[0], "background is −1");
        Assert.AreEqual(1f, x.Max(), 1e-6f, "solid ink is +1");
    }

    [TestMethod]
    public void LightOnDark_AndDarkOnLight_GiveTheSameInput()
    {
        var shape = new SKRect(20, 30, 60, 50);
        using var light = Canvas(80, 80, SKColors.White, SKColors.Black, shape);
        using var dark = Canvas(80, 80, SKColors.Black, SKColors.White, shape);

        CollectionAssert.AreEqual(MnistPreprocessing.FromBitmap(light, "light"), MnistPreprocessing.FromBitmap(dark, "dark"));
    }

    [TestMethod]
    public void JpegFile_DecodesAndMatchesThePngWithinCompressionNoise()
    {
        using var temp = new TempDirectory();
        using var bitmap = Canvas(60, 90, SKColors.White, SKColors.Black, new SKRect(20, 10, 38, 80));
        using var image = SKImage.FromBitmap(bitmap);
        string jpeg = temp.File("digit.jpg"), png = temp.File("digit.png");
        File.WriteAllBytes(jpeg, image.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray());
        File.WriteAllBytes(png, image.Encode(SKEncodedImageFormat.Png, 100).ToArray());

        // 18×70 scales to 5×20, so centring involves no half-pixel tie that compression noise could tip.
        var fromJpeg = MnistPreprocessing.FromFile(jpeg);
        var fromPng = MnistPreprocessing.FromFile(png);

        Assert.IsLessThan(0.05, fromJpeg.Zip(fromPng, (a, b) => Math.Abs(a - b)).Average(), $"\n{Art(fromJpeg)}\n{Art(fromPng)}");
    }

    [TestMethod]
    public void BlankImage_IsAnImageError()
    {
        using var blank = Canvas(50, 50, SKColors.White, SKColors.White, SKRect.Empty);

        var e = Assert.ThrowsExactly<CliException>(() => MnistPreprocessing.FromBitmap(blank, "blank.png"));

        Assert.AreEqual(ExitCodes.Image, e.ExitCode);
        Assert.Contains("blank.png", e.Message);
    }

    [TestMethod]
    public void AnMnistDigitDrawnDarkOnWhite_ComesBackCloseToItself()
    {
        var digit = BundledMnist.Dataset.Test.Image(0).ToArray();
        using var bitmap = SKBitmap.Decode(DigitGrid.RenderPng(digit, new DigitGridOptions { Rows = 1, Cols = 1, Scale = 4 }));

        var x = MnistPreprocessing.FromBitmap(bitmap, "mnist");

        var meanAbsoluteError = x.Zip(digit, (a, b) => Math.Abs(a - b)).Average();
        Assert.IsLessThan(0.15, meanAbsoluteError, $"mean |difference| {meanAbsoluteError}\n{Art(x)}\n{Art(digit)}");
    }

    private static string Art(float[] x) =>
        string.Join('\n', Enumerable.Range(0, N).Select(r => string.Concat(x.Skip(r * N).Take(N).Select(v => v > 0.5f ? '#' : v > -0.5f ? '+' : v > -1f ? '.' : ' '))));

    private static SKBitmap Canvas(int width, int height, SKColor background, SKColor ink, SKRect shape)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(background);
        using var paint = new SKPaint { Color = ink, IsAntialias = false };
        canvas.DrawRect(shape, paint);
        return bitmap;
    }

    private static (int X0, int Y0, int X1, int Y1) Ink(float[] x)
    {
        int x0 = N, y0 = N, x1 = -1, y1 = -1;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] > -1f)
            {
                (x0, y0, x1, y1) = (Math.Min(x0, i % N), Math.Min(y0, i / N), Math.Max(x1, i % N), Math.Max(y1, i / N));
            }
        }

        return (x0, y0, x1, y1);
    }

    private static (double X, double Y) CentreOfMass(float[] x)
    {
        double mass = 0, mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i] + 1;
            mass += v;
            mx += (i % N) * v;
            my += (i / N) * v;
        }

        return (mx / mass, my / mass);
    }
}
