using Ssgan.Engine.Blas;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>The selection point, and proof that the comparison used everywhere can actually fail.</summary>
[TestClass]
public sealed class BlasSelectionTests
{
    [TestMethod]
    public void UnknownProviderThrowsOneClearLine()
    {
        BlasProviderException e = Assert.ThrowsExactly<BlasProviderException>(() => BlasSelect.Use("nonexistent"));
        Assert.AreEqual("unknown BLAS provider 'nonexistent' (expected one of: auto, openblas, mkl, managed)", e.Message);
    }

    [TestMethod]
    [DoNotParallelize] // switches the process-wide provider
    public void UseSwitchesCurrentAndDescribesIt()
    {
        IBlasProvider before = BlasSelect.Current;
        try
        {
            BlasSelect.Use("managed", 2);
            Assert.AreEqual("managed", BlasSelect.Current.Name);
            Assert.AreEqual(2, BlasSelect.Current.Threads);
            StringAssert.Contains(BlasSelect.Describe(), "2 thread(s)");
            StringAssert.Contains(BlasSelect.AutoReason, "managed");

            BlasSelect.Use("auto", 1);
            Assert.AreEqual(FirstAvailable(), BlasSelect.Current.Name, BlasSelect.AutoReason);
            StringAssert.Contains(BlasSelect.AutoReason, "auto chose");
        }
        finally
        {
            BlasSelect.Use(before.Name, before.Threads);
        }
    }

    [TestMethod]
    public void ProbeListsEveryProvider()
    {
        IReadOnlyList<BlasProbe> probes = BlasSelect.Probe();
        Assert.HasCount(3, probes);
        Assert.AreEqual("openblas", probes[0].Name);
        Assert.AreEqual("mkl", probes[1].Name);
        Assert.AreEqual("managed", probes[2].Name);
        Assert.IsTrue(probes[2].Available);
        foreach (BlasProbe probe in probes)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(probe.Detail), probe.Name);
            Assert.IsTrue(probe.Available || !TestEnvironment.IsCi, $"CI installs every BLAS: {probe}");
        }
    }

    [TestMethod]
    public void MissingLibraryOrSymbolGivesAReasonNotACrash()
    {
        Assert.IsNull(NativeBlasLibrary.TryLoad(["libssgan-absent.so.9"], ["cblas_sgemm"], "install it", out string reason));
        Assert.AreEqual("libssgan-absent.so.9 not found (install it)", reason);
        Assert.IsNull(NativeBlasLibrary.TryLoad(["libc.so.6"], ["cblas_sgemm"], "install it", out reason));
        Assert.AreEqual("libc.so.6 lacks cblas_sgemm (install it)", reason);
    }

    [TestMethod]
    public void MeasureReportsPositiveGflops() =>
        Assert.IsGreaterThan(0.1, BlasSelect.MeasureSgemmGflops(new ManagedBlas(2), size: 64, repeats: 2));

    [TestMethod]
    public void ComparisonRejectsACorruptedResult()
    {
        var provider = new ManagedBlas(1);
        var gemmCase = new GemmCase { TransA = false, TransB = false, M = 17, N = 33, K = 65, Pad = 2, Offset = 3 };
        Assert.IsNull(gemmCase.Check(provider));

        // The largest budget any element of this case can have (mag ≤ k = 65): a shift that size must be seen.
        int index = 3 + (4 * 35) + 5;
        double budget = GemmReference.Atol + (GemmReference.RtolPerK * 67 * 65);
        StringAssert.Contains(gemmCase.Check(provider, c => c[index] += (float)budget) ?? "accepted", "C[4,5]");
        StringAssert.Contains(gemmCase.Check(provider, c => c[index] = float.NaN) ?? "accepted", "C[4,5]");
        StringAssert.Contains(gemmCase.Check(provider, c => c[2] = 1e9f) ?? "accepted", "outside C");
        StringAssert.Contains(gemmCase.Check(provider, c => c[3 + 35 + 33] = 0f) ?? "accepted", "outside C");
    }

    [TestMethod]
    public void SelfTestRejectsAProviderWithWrongResults()
    {
        BlasProviderException e = Assert.ThrowsExactly<BlasProviderException>(() => BlasSelfTest.Verify(new SlightlyWrongProvider()));
        StringAssert.StartsWith(e.Message, "BLAS provider 'broken' gives wrong results: c[");
    }

    [TestMethod]
    public void ComparisonRejectsATransposedProduct()
    {
        // A provider that ignores transA computes A·B instead of Aᵀ·B on a square problem.
        var ignoresTranspose = new TransposeIgnoringProvider();
        string? problem = new GemmCase { TransA = true, TransB = false, M = 8, N = 8, K = 8 }.Check(ignoresTranspose);
        Assert.IsNotNull(problem);
    }

    [TestMethod]
    public void AutoPutsTheManagedProviderFirstExactlyWhenItHasAVectorKernel()
    {
        Assert.AreEqual(ManagedBlas.HasVectorKernel, BlasSelect.AutoOrder[0] == "managed", string.Join(" > ", BlasSelect.AutoOrder));
        CollectionAssert.AreEquivalent(BlasSelect.Names.ToArray(), BlasSelect.AutoOrder.ToArray());
    }

    private static string FirstAvailable()
    {
        var available = BlasSelect.Probe().Where(p => p.Available).Select(p => p.Name).ToHashSet();
        return BlasSelect.AutoOrder.First(available.Contains);
    }

    private sealed class SlightlyWrongProvider : IBlasProvider
    {
        public string Name => "broken";

        public int Threads => 1;

        public string Describe() => "broken";

        public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            ManagedBlas.SgemmNaive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            c[ldc + 1] += 0.01f;
        }
    }

    private sealed class TransposeIgnoringProvider : IBlasProvider
    {
        public string Name => "broken";

        public int Threads => 1;

        public string Describe() => "broken";

        public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
            ManagedBlas.SgemmNaive(false, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
