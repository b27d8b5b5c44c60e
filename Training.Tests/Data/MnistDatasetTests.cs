using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Data;

[TestClass]
public sealed class MnistDatasetTests
{
    [TestMethod]
    public void BundledSetLoadsWithReadmeFigures()
    {
        var mnist = BundledMnist.Dataset;

        Assert.AreEqual(60000, mnist.Train.Count);
        Assert.AreEqual(10000, mnist.Test.Count);
        Assert.AreEqual((28, 28), (mnist.Train.Rows, mnist.Train.Cols));
        Assert.AreEqual(60000 * 784, mnist.Train.Images.Length);
        CollectionAssert.AreEqual(MnistFiles.TrainClassCounts.ToArray(), CountPerClass(mnist.Train.Labels));
        CollectionAssert.AreEqual(MnistFiles.TestClassCounts.ToArray(), CountPerClass(mnist.Test.Labels));
    }

    [TestMethod]
    public void PixelsAreScaledToMinusOneOne()
    {
        var images = BundledMnist.Dataset.Train.Images;

        Assert.AreEqual(-1f, images.Min());
        Assert.AreEqual(1f, images.Max());

        // README: mean training pixel 33.318 of 255, i.e. 33.318/127.5 − 1 after scaling.
        Assert.AreEqual((33.318 / 127.5) - 1, images.Average(v => (double)v), 1e-4);
    }

    [TestMethod]
    public void RawFilesLoadTheSameAsGzip()
    {
        using var temp = new TempDirectory();
        var bundled = MnistFiles.FindBundledDirectory();
        foreach (var name in new[] { MnistFiles.TrainImages, MnistFiles.TrainLabels, MnistFiles.TestImages, MnistFiles.TestLabels })
        {
            File.WriteAllBytes(temp.File(name), IdxFiles.Gunzip(Path.Combine(bundled, name + ".gz")));
        }

        var raw = MnistDataset.Load(temp.Path, verifyBundledHashes: true);

        CollectionAssert.AreEqual(BundledMnist.Dataset.Test.Images, raw.Test.Images);
        CollectionAssert.AreEqual(BundledMnist.Dataset.Train.Labels, raw.Train.Labels);
        Assert.IsTrue(BundledMnist.Dataset.Train.Images.AsSpan().SequenceEqual(raw.Train.Images));
    }

    [TestMethod]
    public void HashMismatchIsReported()
    {
        using var temp = new TempDirectory();
        var bundled = MnistFiles.FindBundledDirectory();
        foreach (var name in new[] { MnistFiles.TrainImages, MnistFiles.TrainLabels, MnistFiles.TestImages })
        {
            File.Copy(Path.Combine(bundled, name + ".gz"), temp.File(name + ".gz"));
        }

        var labels = IdxFiles.Gunzip(Path.Combine(bundled, MnistFiles.TestLabels + ".gz"));
        labels[^1] = (byte)((labels[^1] + 1) % 10);
        File.WriteAllBytes(temp.File(MnistFiles.TestLabels), labels);

        var error = Assert.ThrowsExactly<DataFormatException>(() => MnistDataset.Load(temp.Path, verifyBundledHashes: true));
        StringAssert.StartsWith(error.Message, "t10k-labels-idx1-ubyte: SHA-256");
        Assert.AreEqual(10000, MnistDataset.Load(temp.Path, verifyBundledHashes: false).Test.Count);
    }

    [TestMethod]
    public void SmallSetScalesRowMajorAndCopiesBatches()
    {
        using var temp = new TempDirectory();
        var images = IdxFiles.Images(3, 2, 2, 12);
        images[16] = 255;
        images[16 + 5] = 51;
        WriteSplit(temp, MnistFiles.TrainImages, images, MnistFiles.TrainLabels, IdxFiles.Labels(3, [7, 0, 9]));
        WriteSplit(temp, MnistFiles.TestImages, IdxFiles.Images(1, 2, 2, 4), MnistFiles.TestLabels, IdxFiles.Labels(1, [3]));

        var train = MnistDataset.Load(temp.Path, verifyBundledHashes: false).Train;
        var batch = new float[8];
        train.CopyImages([1, 0], batch);
        var labels = new int[2];
        train.CopyLabels([1, 0], labels);

        Assert.AreEqual((3, 2, 2), (train.Count, train.Rows, train.Cols));
        float[] expectedBatch = [-1f, -0.6f, -1f, -1f, 1f, -1f, -1f, -1f];
        int[] expectedLabels = [0, 7];
        CollectionAssert.AreEqual(expectedBatch, batch);
        CollectionAssert.AreEqual(expectedLabels, labels);
        Assert.ThrowsExactly<ArgumentException>(() => train.CopyImages([0], batch));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => train.CopyImages([3], batch.AsSpan(0, 4)));
    }

    [TestMethod]
    public void ImageAndLabelCountsMustAgree()
    {
        using var temp = new TempDirectory();
        WriteSplit(temp, MnistFiles.TrainImages, IdxFiles.Images(3, 2, 2, 12), MnistFiles.TrainLabels, IdxFiles.Labels(2, [1, 2]));
        WriteSplit(temp, MnistFiles.TestImages, IdxFiles.Images(1, 2, 2, 4), MnistFiles.TestLabels, IdxFiles.Labels(1, [3]));

        var error = Assert.ThrowsExactly<DataFormatException>(() => MnistDataset.Load(temp.Path, verifyBundledHashes: false));
        Assert.AreEqual("train-images-idx3-ubyte.gz: holds 3 images but train-labels-idx1-ubyte holds 2 labels", error.Message);
    }

    [TestMethod]
    public void MissingFileNamesWhatWasTried()
    {
        using var temp = new TempDirectory();

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => MnistDataset.Load(temp.Path, verifyBundledHashes: false));
        StringAssert.Contains(error.Message, "train-images-idx3-ubyte.gz");
    }

    private static void WriteSplit(TempDirectory temp, string imagesName, byte[] images, string labelsName, byte[] labels)
    {
        File.WriteAllBytes(temp.File(imagesName + ".gz"), IdxFiles.Gzip(images));
        File.WriteAllBytes(temp.File(labelsName), labels);
    }

    private static int[] CountPerClass(byte[] labels)
    {
        var counts = new int[10];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
