using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>One suite, every provider: the same cases and the same float64 reference for managed, OpenBLAS and MKL.</summary>
[TestClass]
public sealed class BlasConformanceTests
{
    private static readonly (int M, int N, int K)[] OddShapes =
    [
        (1, 1, 1), (7, 13, 5), (17, 33, 65), (65, 129, 257), (6, 16, 256), (12, 32, 300), (5, 40, 1), (40, 3, 9),
    ];

    private static IEnumerable<(bool TransA, bool TransB)> Transposes()
    {
        yield return (false, false);
        yield return (true, false);
        yield return (false, true);
        yield return (true, true);
    }

    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void OddShapesAllTransposes(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        foreach ((int m, int n, int k) in OddShapes)
        {
            foreach ((bool ta, bool tb) in Transposes())
            {
                AssertCase(provider, new GemmCase { TransA = ta, TransB = tb, M = m, N = n, K = k });
            }
        }
    }

    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void PaddedLeadingDimensionsAndOffsetSpans(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        foreach ((bool ta, bool tb) in Transposes())
        {
            AssertCase(provider, new GemmCase { TransA = ta, TransB = tb, M = 17, N = 33, K = 65, Pad = 5, Offset = 3, Beta = 0.5f });
            AssertCase(provider, new GemmCase { TransA = ta, TransB = tb, M = 7, N = 13, K = 5, Pad = 1, Offset = 11 });
        }
    }

    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void AlphaBetaVariants(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        foreach (float alpha in new[] { 1f, -0.5f, 0f, 2.5f })
        {
            foreach (float beta in new[] { 0f, 1f, -1.25f })
            {
                AssertCase(provider, new GemmCase { TransA = true, TransB = false, M = 13, N = 21, K = 34, Alpha = alpha, Beta = beta, Pad = 2, Offset = 1 });
            }
        }
    }

    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void BetaZeroOverwritesNaN(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        foreach ((bool ta, bool tb) in Transposes())
        {
            AssertCase(provider, new GemmCase { TransA = ta, TransB = tb, M = 19, N = 35, K = 11, NanInC = true, Pad = 3, Offset = 2 });
        }

        AssertCase(provider, new GemmCase { TransA = false, TransB = false, M = 9, N = 17, K = 0, NanInC = true, Pad = 1 });
        AssertCase(provider, new GemmCase { TransA = false, TransB = false, M = 9, N = 17, K = 4, Alpha = 0f, NanInC = true });
    }

    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void EmptyDimensions(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        AssertCase(provider, new GemmCase { TransA = false, TransB = false, M = 9, N = 17, K = 0, Beta = 2f, Pad = 2, Offset = 1 });
        AssertCase(provider, new GemmCase { TransA = true, TransB = true, M = 0, N = 17, K = 5, Pad = 2, Offset = 1 });
        AssertCase(provider, new GemmCase { TransA = false, TransB = true, M = 9, N = 0, K = 5, Pad = 2, Offset = 1 });
        provider.Sgemm(false, false, 0, 0, 0, 1f, [], 1, [], 1, 0f, [], 1);
    }

    /// <summary>Several MC/KC/NC blocks and both thread splits (along n when n ≥ m, along m otherwise).</summary>
    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void ShapesSpanningCacheBlocks(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        AssertCase(provider, new GemmCase { TransA = true, TransB = false, M = 13, N = 4100, K = 260, Beta = 0.5f, Pad = 1 });
        AssertCase(provider, new GemmCase { TransA = false, TransB = true, M = 301, N = 45, K = 520, Pad = 3, Offset = 1 });
        AssertCase(provider, new GemmCase { TransA = false, TransB = false, M = 13, N = 40, K = 4200, Beta = 0.5f, Pad = 1 }); // few rows: three deep k-blocks
    }

    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void RejectsArgumentsBeforeTouchingMemory(string name)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);
        float[] a = new float[35], b = new float[35], c = new float[25];
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(
            () => provider.Sgemm(false, false, 5, 5, 7, 1f, a, 5, b, 5, 0f, c, 5));
        StringAssert.Contains(e.Message, "lda 5 < k 7");
        e = Assert.ThrowsExactly<ArgumentException>(
            () => provider.Sgemm(false, false, 5, 5, 7, 1f, a, 7, b, 5, 0f, c.AsSpan(1), 5));
        StringAssert.Contains(e.Message, "C span length 24 < 25");
        e = Assert.ThrowsExactly<ArgumentException>(
            () => provider.Sgemm(true, false, 5, 5, 7, 1f, a, 5, b.AsSpan(0, 34), 5, 0f, c, 5));
        StringAssert.Contains(e.Message, "B span length 34 < 35");
        e = Assert.ThrowsExactly<ArgumentException>(
            () => provider.Sgemm(true, true, 5, 5, 7, 1f, a, 5, b, 7, 0f, c, 4));
        StringAssert.Contains(e.Message, "ldc 4 < n 5");
    }

    internal static void AssertCase(IBlasProvider provider, GemmCase gemmCase)
    {
        string? problem = gemmCase.Check(provider);
        Assert.IsNull(problem, problem);
    }
}
