using SkiaSharp;
using Ssgan.Cli;
using Ssgan.Cli.Imaging;
using Ssgan.Engine;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// Seeded mutations of small valid PNG and JPEG digits given to `classify`'s image reader: it returns 784 values
/// in [−1, 1] or refuses with its one-line image error naming the file — never another exception.
/// </summary>
[TestClass]
[TestCategory("Fuzz")]
public sealed class ImageFuzzTests
{
    [TestMethod]
    [DataRow(SKEncodedImageFormat.Png, "digit.png", 500_000UL, 3_000)]
    [DataRow(SKEncodedImageFormat.Jpeg, "digit.jpg", 600_000UL, 3_000)]
    public void MutatedImagesAreClassifiedOrRefused(SKEncodedImageFormat format, string name, ulong seed, int iterations)
    {
        var target = new FuzzTarget<float[]>(
            [new FuzzInput(name, Encode(format))],
            (input, rng) => ByteMutations.Stack(input.Bytes, rng, ByteMutations.Any),
            MnistPreprocessing.FromFile,
            (_, values) => values.Length == 784 && values.All(v => v >= -1 && v <= 1) ? null : "not 784 values in [−1, 1]",

            // Pixels are decoded into native memory; what is managed is a copy per pixel, bounded by the size cap.
            bytes => 64L << 20);
        var report = FuzzCampaign.Run<float[], CliException>(seed, iterations, target);
        report.AssertClean();
        Assert.IsGreaterThan(0, report.Loaded, "some mutations must still decode, or the campaign tests nothing");
        Assert.IsGreaterThan(0, report.Rejected);
    }

    [TestMethod]
    public void EmptyAndHugeDeclaredImagesAreRefused()
    {
        using var temp = new TempDirectory();
        var empty = temp.File("empty.png");
        File.WriteAllBytes(empty, []);
        var e = Assert.Throws<CliException>(() => MnistPreprocessing.FromFile(empty));
        Assert.AreEqual(ExitCodes.Image, e.ExitCode);
        StringAssert.Contains(e.Message, "empty");

        // A PNG whose header claims 100000×100000 pixels: refused from the header, nothing decoded.
        var png = Encode(SKEncodedImageFormat.Png);
        png[16] = 0; png[17] = 1; png[18] = 0x86; png[19] = 0xA0; // width 100000 (IHDR starts at byte 16)
        png[20] = 0; png[21] = 1; png[22] = 0x86; png[23] = 0xA0; // height 100000
        var huge = temp.File("huge.png");
        File.WriteAllBytes(huge, png);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var h = Assert.Throws<CliException>(() => MnistPreprocessing.FromFile(huge));
        Assert.IsLessThan(16L << 20, GC.GetAllocatedBytesForCurrentThread() - before);
        StringAssert.StartsWith(h.Message, huge);
    }

    // A 28×28 dark digit-like stroke on white.
    private static byte[] Encode(SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(28, 28);
        var rng = new Rng(1);
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                var ink = Math.Abs(x - 14) < 3 && y > 4 && y < 24;
                var v = (byte)(ink ? 20 + rng.Next(30) : 255);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
