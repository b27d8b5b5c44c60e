using SkiaSharp;
using Ssgan.Models;
using Ssgan.Training.Summaries;

namespace Ssgan.Training.Tests.Summaries;

[TestClass]
public sealed class ModelDiagramTests
{
    private static readonly SKColor FrozenFill = new(0xdd, 0xdd, 0xdd);

    [TestMethod]
    public void SaveAllWritesFourDecodablePictures()
    {
        using var temp = new TempDirectory();

        var paths = ModelDiagram.SaveAll(new ModelConfig(), temp.File("diagrams"));

        Assert.AreEqual("classifier.png discriminator.png generator.png composite.png", string.Join(" ", paths.Select(Path.GetFileName)));
        foreach (var path in paths)
        {
            using var bitmap = SKBitmap.Decode(path) ?? throw new AssertFailedException($"{path} did not decode");
            Assert.IsTrue(bitmap.Width is >= 400 and <= 2000 && bitmap.Height is >= 400 and <= 2000, $"{path} is {bitmap.Width}×{bitmap.Height}");
        }

        Keep(paths);
    }

    [TestMethod]
    public void EveryBoxHasTextAndFrozenBoxesAreGrey()
    {
        var pictures = ModelDiagram.RenderAll(ModelSummary.Build(new ModelConfig()));

        foreach (var picture in pictures)
        {
            using var bitmap = SKBitmap.Decode(picture.Png);
            Assert.AreEqual((picture.Width, picture.Height), (bitmap.Width, bitmap.Height));
            foreach (var box in picture.Boxes)
            {
                var inside = SKRectI.Inflate(box.Bounds, -5, -5);
                Assert.IsGreaterThan(300, DarkPixels(bitmap, inside), $"{picture.Name}: {box.Row.Label} has no text");
                var corner = bitmap.GetPixel(inside.Left, inside.Bottom);
                Assert.AreEqual(box.Row.Frozen, corner == FrozenFill, $"{picture.Name}: {box.Row.Label} fill {corner}");
            }
        }

        Assert.AreEqual(9, pictures.Single(p => p.Name == "composite").Boxes.Count(b => b.Row.Frozen), "3 × (conv, LeakyReLU), flatten, dropout, fc");
        Assert.AreEqual(12, pictures.Single(p => p.Name == "discriminator").Boxes.Count, "input, the trunk of 9 once, two heads");
    }

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

    /// <summary>Set SSGAN_PICTURE_DIR to keep the diagrams for a human to look at.</summary>
    private static void Keep(IEnumerable<string> paths)
    {
        var directory = Environment.GetEnvironmentVariable("SSGAN_PICTURE_DIR");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            foreach (var path in paths)
            {
                File.Copy(path, Path.Combine(directory, Path.GetFileName(path)), overwrite: true);
            }

            File.WriteAllText(Path.Combine(directory, "summary.txt"), ModelSummary.Render(new ModelConfig()));
        }
    }
}
