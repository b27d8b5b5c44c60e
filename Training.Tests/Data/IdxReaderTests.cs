using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Data;

[TestClass]
public sealed class IdxReaderTests
{
    [TestMethod]
    public void GzipIsDetectedByContentNotName()
    {
        using var temp = new TempDirectory();
        var path = temp.File("images-without-suffix");
        File.WriteAllBytes(path, IdxFiles.Gzip(IdxFiles.Images(2, 3, 4, 24, fill: 9)));

        var images = IdxReader.ReadImages(path);

        Assert.AreEqual((2, 3, 4), (images.Count, images.Rows, images.Cols));
        Assert.IsTrue(images.Pixels.All(p => p == 9));
    }

    [TestMethod]
    [DataRow("images.gz", true, "magic number 0x00000801 is not 0x00000803")]
    [DataRow("images", false, "header declares 0 images of 28×28")]
    [DataRow("images", false, "truncated: header declares 1568 bytes of pixels but only 1567 follow")]
    [DataRow("images.gz", true, "truncated: header declares 1568 bytes of pixels but only 1567 follow")]
    [DataRow("images", false, "1 trailing bytes after the 1568 bytes of pixels")]
    [DataRow("images.gz", true, "trailing bytes after the 1568 bytes of pixels")]
    [DataRow("images", false, "data ends after 9 bytes, inside the 16-byte header")]
    public void BrokenImageFilesAreRejected(string name, bool gzip, string expected)
    {
        var raw = expected switch
        {
            _ when expected.StartsWith("magic", StringComparison.Ordinal) => IdxFiles.Images(2, 28, 28, 1568, magic: 0x801),
            _ when expected.Contains("0 images", StringComparison.Ordinal) => IdxFiles.Images(0, 28, 28, 0),
            _ when expected.StartsWith("truncated", StringComparison.Ordinal) => IdxFiles.Images(2, 28, 28, 1567),
            _ when expected.Contains("trailing", StringComparison.Ordinal) => IdxFiles.Images(2, 28, 28, 1569),
            _ => IdxFiles.Images(2, 28, 28, 0)[..9],
        };

        var message = ReadImagesError(name, gzip ? IdxFiles.Gzip(raw) : raw);

        StringAssert.StartsWith(message, $"{name}: {expected}");
    }

    [TestMethod]
    public void LabelOutOfRangeIsNamedWithItsIndex()
    {
        using var temp = new TempDirectory();
        var path = temp.File("t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(path, IdxFiles.Gzip(IdxFiles.Labels(7, [0, 1, 2, 3, 4, 12, 6])));

        var error = Assert.ThrowsExactly<DataFormatException>(() => IdxReader.ReadLabels(path));

        Assert.AreEqual("t10k-labels-idx1-ubyte.gz: label 12 at index 5 is outside 0–9", error.Message);
        Assert.AreEqual(path, error.FilePath);
        Assert.AreEqual(7, IdxReader.ReadLabels(path, classes: 13).Length);
    }

    [TestMethod]
    public void GzNameOnRawFileIsRejected() =>
        StringAssert.StartsWith(ReadImagesError("images.gz", IdxFiles.Images(1, 1, 1, 1)), "images.gz: named .gz but is not gzip (starts with 0000");

    [TestMethod]
    public void EmptyFileIsRejected() => Assert.AreEqual("images: file is empty", ReadImagesError("images", []));

    [TestMethod]
    public void CorruptGzipIsRejected()
    {
        var gzip = IdxFiles.Gzip(IdxFiles.Images(50, 28, 28, 50 * 784, fill: 7));
        gzip[10] = 0xFF; // first deflate block: BTYPE 11, which RFC 1951 reserves as an error

        StringAssert.StartsWith(ReadImagesError("images.gz", gzip), "images.gz: corrupt gzip data");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void HugeHeaderClaimsDoNotAllocate(bool gzip)
    {
        // 10^11 elements cannot be an array; 7.84·10^7 can, but the file holds only 100 bytes of it; more than
        // 100,000 images are refused from the header alone.
        var impossible = IdxFiles.Images(100_000, 1_000, 1_000, 100);
        var plausible = IdxFiles.Images(100_000, 28, 28, 100);
        var tooMany = IdxFiles.Images(2_000_000, 28, 28, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var first = ReadImagesError("huge", gzip ? IdxFiles.Gzip(impossible) : impossible);
        var second = ReadImagesError("huge", gzip ? IdxFiles.Gzip(plausible) : plausible);
        var third = ReadImagesError("huge", gzip ? IdxFiles.Gzip(tooMany) : tooMany);

        Assert.IsLessThan(16L << 20, GC.GetAllocatedBytesForCurrentThread() - before);
        StringAssert.StartsWith(first, "huge: header declares 100000000000 bytes of pixels, more than");
        StringAssert.StartsWith(second, "huge: truncated: header declares 78400000 bytes of pixels but only 100 follow");
        StringAssert.StartsWith(third, $"huge: header declares 2000000 images, more than the {IdxReader.MaxCount} a file may hold");
    }

    [TestMethod]
    public void MissingFileIsAFormatErrorNamingThePath()
    {
        var error = Assert.ThrowsExactly<DataFormatException>(() => IdxReader.ReadLabels("/nonexistent/labels.gz"));
        StringAssert.StartsWith(error.Message, "labels.gz: file not found");
    }

    private static string ReadImagesError(string name, byte[] content)
    {
        using var temp = new TempDirectory();
        var path = temp.File(name);
        File.WriteAllBytes(path, content);
        return Assert.ThrowsExactly<DataFormatException>(() => IdxReader.ReadImages(path)).Message;
    }
}
