using System.Buffers.Binary;
using System.Text;
using Ssgan.Training.Checkpoints;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// Seeded mutations of small valid checkpoints: the reader loads a self-consistent file or throws
/// <see cref="CheckpointFormatException"/> with a one-line message naming the file, within a memory bound.
/// </summary>
[TestClass]
[TestCategory("Fuzz")]
public sealed class SafetensorsFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(10_000UL, 3_000)]
    [DataRow(20_000UL, 3_000)]
    public void MutatedCheckpointsLoadConsistentlyOrAreRejected(ulong seed, int iterations)
    {
        var report = FuzzCampaign.Run<SafetensorsFile, CheckpointFormatException>(seed, iterations, SafetensorsFuzzTargets.Create());

        TestContext.WriteLine(report.Describe());
        report.AssertClean();

        // Guards against a vacuous pass: data-section edits must load, and the header edits must reach many checks.
        Assert.IsGreaterThan(0, report.Loaded, report.Summary());
        Assert.IsGreaterThanOrEqualTo(20, report.RejectionKinds.Count, report.Summary());
    }

    [TestMethod]
    [DataRow(1UL << 62, "{}", DisplayName = "header length 2^62")]
    [DataRow(ulong.MaxValue, "{}", DisplayName = "header length 2^64-1")]
    [DataRow(null, """{"w":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,4000000000000]}}""", DisplayName = "10^12 elements")]
    [DataRow(null, """{"w":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,8]}}""", DisplayName = "10^12 elements, small offsets")]
    [DataRow(null, """{"w":{"dtype":"I64","shape":[268435455],"data_offsets":[0,2147483640]}}""", DisplayName = "2 GB of I64 in a tiny file")]
    public void HugeClaimsAreRejectedWithoutAllocating(ulong? claimedHeaderLength, string json)
    {
        using var temp = new TempDirectory();
        var path = temp.File("huge.safetensors");
        var header = Encoding.UTF8.GetBytes(json);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, claimedHeaderLength ?? (ulong)header.Length);
        File.WriteAllBytes(path, [.. prefix, .. header, .. new byte[8]]);

        var result = FuzzHarness.Probe<SafetensorsFile, CheckpointFormatException>(path, Safetensors.Read, (_, _) => null, 16L << 20);

        Assert.AreEqual(FuzzVerdict.Rejected, result.Verdict, result.Detail);
        Assert.IsLessThan(16L << 20, result.AllocatedBytes);
    }
}
