using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// Seeded mutations of small valid IDX files: whatever the bytes, the reader loads a self-consistent result or
/// throws <see cref="DataFormatException"/> with a one-line message naming the file, within a memory bound.
/// </summary>
[TestClass]
[TestCategory("Fuzz")]
public sealed class IdxFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(false, 100_000UL, 2_000)]
    [DataRow(true, 200_000UL, 2_000)]
    public void MutatedImageFilesLoadConsistentlyOrAreRejected(bool gzip, ulong seed, int iterations) =>
        Check(FuzzCampaign.Run<IdxImages, DataFormatException>(seed, iterations, IdxFuzzTargets.Images(gzip)));

    [TestMethod]
    [DataRow(false, 300_000UL, 1_500)]
    [DataRow(true, 400_000UL, 1_500)]
    public void MutatedLabelFilesLoadConsistentlyOrAreRejected(bool gzip, ulong seed, int iterations) =>
        Check(FuzzCampaign.Run<byte[], DataFormatException>(seed, iterations, IdxFuzzTargets.Labels(gzip)));

    [TestMethod]
    [DataRow(1_000_000u, 1_000u, 1_000u, false, DisplayName = "10^12 pixels, raw")]
    [DataRow(1_000_000u, 1_000u, 1_000u, true, DisplayName = "10^12 pixels, gzip")]
    [DataRow(0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, true, DisplayName = "(2^32-1)^3 pixels, gzip")]
    [DataRow(0x7FFFFFC7u, 1u, 1u, false, DisplayName = "Array.MaxLength pixels, raw")]
    [DataRow(0x7FFFFFC7u, 1u, 1u, true, DisplayName = "Array.MaxLength pixels, gzip")]
    public void HugeImageHeadersAreRejectedWithoutAllocating(uint count, uint rows, uint cols, bool gzip)
    {
        var raw = IdxFiles.Images(count, rows, cols, 64);
        var result = ProbeOnce("huge-images", gzip ? IdxFiles.Gzip(raw) : raw, path => IdxReader.ReadImages(path));

        Assert.AreEqual(FuzzVerdict.Rejected, result.Verdict, result.Detail);
        Assert.IsLessThan(16L << 20, result.AllocatedBytes);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void HugeLabelHeadersAreRejectedWithoutAllocating(bool gzip)
    {
        var raw = IdxFiles.Labels(0x7FFFFFC0, [1, 2, 3]);
        var result = ProbeOnce("huge-labels", gzip ? IdxFiles.Gzip(raw) : raw, path => IdxReader.ReadLabels(path));

        Assert.AreEqual(FuzzVerdict.Rejected, result.Verdict, result.Detail);
        Assert.IsLessThan(16L << 20, result.AllocatedBytes);
    }

    private static FuzzResult ProbeOnce<T>(string name, byte[] bytes, Func<string, T> read)
    {
        using var temp = new TempDirectory();
        var path = temp.File(name);
        File.WriteAllBytes(path, bytes);
        return FuzzHarness.Probe<T, DataFormatException>(path, read, (_, _) => null, 16L << 20);
    }

    private void Check(FuzzReport report)
    {
        TestContext.WriteLine(report.Describe());
        report.AssertClean();

        // Guards against a vacuous pass: payload edits must load, and the rejections must span the reader's checks
        // (raw images have exactly 7: empty, short header, magic, zero dimension, over-cap, truncated, trailing).
        Assert.IsGreaterThan(0, report.Loaded, report.Summary());
        Assert.IsGreaterThanOrEqualTo(7, report.RejectionKinds.Count, report.Summary());
    }
}
