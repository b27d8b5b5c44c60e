using MathNet.Numerics.LinearAlgebra;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>What only the managed provider has: a naive twin, a portable kernel, and a thread split that must not change bits.</summary>
[TestClass]
public sealed class ManagedBlasTests
{
    [TestMethod]
    public void MatchesMathNetManagedProduct()
    {
        const int M = 97, N = 131, K = 203;
        var rng = new Random(7);
        float[] a = GemmReference.RandomArray(rng, M * K), b = GemmReference.RandomArray(rng, K * N), c = new float[M * N];
        Matrix<float> product = Matrix<float>.Build.Dense(M, K, (i, p) => a[(i * K) + p])
            * Matrix<float>.Build.Dense(K, N, (p, j) => b[(p * N) + j]);

        new ManagedBlas(2).Sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, c, N);

        (double[] expected, double[] tolerance) = GemmReference.Compute(false, false, M, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N);
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                // Both are float32 with different summation orders: each may sit up to one budget from float64.
                Assert.AreEqual(product[i, j], c[(i * N) + j], 2 * tolerance[(i * N) + j], $"C[{i},{j}] vs MathNet (float64 {expected[(i * N) + j]})");
            }
        }
    }

    [TestMethod]
    public void PortableKernelPassesTheSameCases()
    {
        var provider = new ManagedBlas(2, ManagedKernel.Portable);
        StringAssert.Contains(provider.Describe(), "portable");
        foreach ((int m, int n, int k) in new[] { (1, 1, 1), (7, 13, 5), (65, 129, 257), (301, 45, 520) })
        {
            BlasConformanceTests.AssertCase(provider, new GemmCase { TransA = true, TransB = true, M = m, N = n, K = k, Beta = 0.5f, Pad = 1, Offset = 2 });
            BlasConformanceTests.AssertCase(provider, new GemmCase { TransA = false, TransB = false, M = m, N = n, K = k, NanInC = true });
        }
    }

    [TestMethod]
    public void NaiveReferenceKernelMatchesFloat64()
    {
        var naive = new NaiveProvider();
        foreach ((bool ta, bool tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            BlasConformanceTests.AssertCase(naive, new GemmCase { TransA = ta, TransB = tb, M = 17, N = 33, K = 65, Beta = -1.25f, Pad = 2, Offset = 1 });
            BlasConformanceTests.AssertCase(naive, new GemmCase { TransA = ta, TransB = tb, M = 5, N = 3, K = 0, NanInC = true });
        }
    }

    /// <summary>Each C element's summation order depends only on KC blocking, so the thread split cannot change a bit.</summary>
    [TestMethod]
    public void ThreadCountDoesNotChangeResults()
    {
        const int M = 200, N = 700, K = 300;
        var rng = new Random(3);
        float[] a = GemmReference.RandomArray(rng, M * K), b = GemmReference.RandomArray(rng, K * N);
        float[] one = new float[M * N], two = new float[M * N], three = new float[M * N];
        new ManagedBlas(1).Sgemm(false, true, M, N, K, 1f, a, K, b, K, 0f, one, N);
        new ManagedBlas(2).Sgemm(false, true, M, N, K, 1f, a, K, b, K, 0f, two, N);
        new ManagedBlas(3).Sgemm(false, true, M, N, K, 1f, a, K, b, K, 0f, three, N);
        CollectionAssert.AreEqual(one, two);
        CollectionAssert.AreEqual(one, three);
    }

    [TestMethod]
    public void SteadyStateCallsDoNotAllocate()
    {
        const int M = 150, N = 300, K = 270; // several blocks, both threads busy
        var rng = new Random(5);
        float[] a = GemmReference.RandomArray(rng, M * K), b = GemmReference.RandomArray(rng, K * N), c = new float[M * N];
        var provider = new ManagedBlas(2);
        for (int warm = 0; warm < 3; warm++)
        {
            provider.Sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, c, N);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < 5; call++)
        {
            provider.Sgemm(true, false, M, N, K, 1f, a, M, b, N, 0.5f, c, N);
            provider.Sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, c, N);
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A caller that finds the helper threads busy runs serially on its own thread: same bits, no corruption.</summary>
    [TestMethod]
    public void ConcurrentCallersGetTheSameResults()
    {
        const int M = 64, N = 400, K = 200;
        var rng = new Random(11);
        float[] a = GemmReference.RandomArray(rng, M * K), b = GemmReference.RandomArray(rng, K * N), want = new float[M * N];
        var provider = new ManagedBlas(2);
        provider.Sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, want, N);
        float[][] got = new float[6][];
        Parallel.For(0, got.Length, i =>
        {
            got[i] = new float[M * N];
            for (int repeat = 0; repeat < 5; repeat++)
            {
                provider.Sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, got[i], N);
            }
        });
        foreach (float[] c in got)
        {
            CollectionAssert.AreEqual(want, c);
        }
    }

    [TestMethod]
    public void RejectsNonPositiveThreads() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ManagedBlas(0));

    private sealed class NaiveProvider : IBlasProvider
    {
        public string Name => "naive";

        public int Threads => 1;

        public string Describe() => "naive";

        public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
            ManagedBlas.SgemmNaive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
