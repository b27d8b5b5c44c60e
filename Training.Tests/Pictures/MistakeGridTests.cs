using SkiaSharp;
using Ssgan.Training.Data;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Tests.Pictures;

[TestClass]
public sealed class MistakeGridTests
{
    [TestMethod]
    public void MistakesComeGroupedByConfusionTheMostFrequentFirst()
    {
        // Mistakes: #1 7→1, #2 7→2, #4 4→9, #5 4→9, #6 3→9; 4→9 twice comes first, then the single ones by (true, predicted).
        int[] predictions = [1, 1, 2, 0, 9, 9, 9];
        byte[] labels = [1, 7, 7, 0, 4, 4, 3];
        var order = MistakeGrid.Order(predictions, labels, out var confusions);
        Assert.AreEqual("4 5 6 1 2", string.Join(' ', order));
        Assert.AreEqual((4, 9, 2), confusions[0]);
        Assert.HasCount(4, confusions);
        Assert.IsEmpty(MistakeGrid.Order(labels.Select(l => (int)l).ToArray(), labels, out _), "no mistakes, nothing to show");
        Assert.Throws<ArgumentException>(() => MistakeGrid.Order([1], labels, out _));
    }

    [TestMethod]
    public void TheGridShowsAtMostAHundredMistakesTenARow()
    {
        using var dir = new TempDirectory();
        var test = BundledMnist.Dataset.Test;
        var wrong = test.Labels.Take(300).Select(l => (l + 1) % 10).ToArray(); // 300 mistakes: only 100 are drawn
        var path = dir.File("mistakes.png");
        var title = MistakeGrid.Save(path, test, wrong);
        StringAssert.StartsWith(title, "300 mistakes; most common ");
        using var image = SKBitmap.Decode(path);
        var (width, height) = DigitGrid.Size(new DigitGridOptions { Rows = 10, Cols = 10, Scale = 2, Title = title });
        Assert.AreEqual((width, height), (image.Width, image.Height));
    }
}
