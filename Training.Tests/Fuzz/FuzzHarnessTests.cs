using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// The fuzz tests only mean something if the harness can fail: these feed it fake readers with the bugs it exists
/// to catch and check each is reported, with a case seed that replays it.
/// </summary>
[TestClass]
[TestCategory("Fuzz")]
public sealed class FuzzHarnessTests
{
    private const long Bound = 16L << 20;

    [TestMethod]
    [DataRow(typeof(InvalidOperationException))]
    [DataRow(typeof(IndexOutOfRangeException))]
    [DataRow(typeof(OverflowException))]
    [DataRow(typeof(ArgumentOutOfRangeException))]
    public void OtherExceptionTypesAreFailures(Type type)
    {
        var result = Probe<int>(_ => throw (Exception)Activator.CreateInstance(type, "boom")!);

        Assert.AreEqual(FuzzVerdict.Failed, result.Verdict);
        StringAssert.StartsWith(result.Detail, $"{type.FullName} escaped: ");
        StringAssert.Contains(result.Detail, "boom");
    }

    [TestMethod]
    [DataRow("probe.idx: truncated\nat byte 3", "spans lines")]
    [DataRow("probe.idx: truncated\u2028at byte 3", "spans lines")]
    [DataRow("truncated at byte 3", "does not start with 'probe.idx: '")]
    [DataRow("probe.idx: ", "does not start with 'probe.idx: ' and a reason")]
    public void FormatExceptionsWithBadMessagesAreFailures(string message, string expected)
    {
        var result = Probe<int>(_ => throw new DataFormatException(message));

        Assert.AreEqual(FuzzVerdict.Failed, result.Verdict);
        StringAssert.Contains(result.Detail, expected);
    }

    [TestMethod]
    public void InconsistentResultsAreFailures()
    {
        var result = FuzzHarness.Probe<int, DataFormatException>(Path.Combine(Path.GetTempPath(), "probe.idx"), _ => 3, (_, n) => n == 3 ? "three" : null, Bound);

        Assert.AreEqual(FuzzVerdict.Failed, result.Verdict);
        Assert.AreEqual("loaded but inconsistent: three", result.Detail);
    }

    [TestMethod]
    public void AllocatingFromAHeaderIsAFailureEvenWhenTheReadIsRejected()
    {
        var result = Probe<int>(_ =>
        {
            // The bug the bound exists for: trusting a size field, then discovering the data is not there.
            GC.KeepAlive(new byte[32 << 20]);
            throw new DataFormatException("probe.idx: truncated");
        });

        Assert.AreEqual(FuzzVerdict.Failed, result.Verdict);
        StringAssert.StartsWith(result.Detail, "allocated ");
        Assert.IsGreaterThan(32L << 20, result.AllocatedBytes);
    }

    [TestMethod]
    public void WellBehavedReadersPass()
    {
        Assert.AreEqual(FuzzVerdict.Rejected, Probe<int>(_ => throw new DataFormatException("probe.idx: truncated")).Verdict);
        Assert.AreEqual(FuzzVerdict.Loaded, Probe(_ => 1).Verdict);
    }

    [TestMethod]
    public void CampaignsReportReplayableFailures()
    {
        // A reader with a missing bounds check: it indexes past short files instead of rejecting them.
        var real = IdxFuzzTargets.Labels(gzip: false);
        var buggy = real with { Read = path => File.ReadAllBytes(path)[7..][..1], Check = (_, _) => null };

        var report = FuzzCampaign.Run<byte[], DataFormatException>(5_000, 200, buggy);

        Assert.IsGreaterThan(0, report.Failed);
        Assert.IsGreaterThan(0, report.Loaded);
        var failure = report.Failures[0];
        StringAssert.Contains(failure, "System.ArgumentOutOfRangeException escaped");
        var caseSeed = ulong.Parse(failure.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(1, FuzzCampaign.Run<byte[], DataFormatException>(caseSeed, 1, buggy).Failed, $"case seed {caseSeed} does not replay");
        Assert.ThrowsExactly<AssertFailedException>(report.AssertClean);
    }

    [TestMethod]
    public void SameCaseSeedSameMutant()
    {
        var target = SafetensorsFuzzTargets.Create();
        for (var seed = 0UL; seed < 50; seed++)
        {
            var (first, second) = (FuzzCampaign.Replay(seed, target), FuzzCampaign.Replay(seed, target));
            CollectionAssert.AreEqual(first.Mutant.Bytes, second.Mutant.Bytes, first.Mutant.Description);
            Assert.AreEqual(first.Mutant.Description, second.Mutant.Description);
        }
    }

    private static FuzzResult Probe<T>(Func<string, T> read) =>
        FuzzHarness.Probe<T, DataFormatException>(Path.Combine(Path.GetTempPath(), "probe.idx"), read, (_, _) => null, Bound);
}
