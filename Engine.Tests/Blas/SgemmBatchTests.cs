using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>The strided batch on every provider: each item against the float64 reference, gaps between items untouched.</summary>
[TestClass]
public sealed class SgemmBatchTests
{
    [TestMethod]
    [DataRow("managed", 0f)]
    [DataRow("managed", 0.5f)]
    [DataRow("openblas", 0f)]
    [DataRow("mkl", 0.5f)]
    public void EveryItemMatchesTheReference(string name, float beta)
    {
        IBlasProvider provider = BlasTestProviders.Get(name);

        // Odd item count (one thread gets more), padded rows, and gaps between items in all three operands.
        const int count = 5, m = 13, n = 37, k = 19, lda = 21, ldb = 40, ldc = 39;
        int aStep = (m * lda) + 3, bStep = (k * ldb) + 1, cStep = (m * ldc) + 7;
        var rng = new Random(17);
        float[] a = GemmReference.RandomArray(rng, count * aStep), b = GemmReference.RandomArray(rng, count * bStep);
        var c = GemmReference.RandomArray(rng, count * cStep);
        if (beta == 0f)
        {
            Array.Fill(c, float.NaN);
        }

        var before = (float[])c.Clone();
        provider.SgemmBatch(count, m, n, k, a, aStep, lda, b, bStep, ldb, beta, c, cStep, ldc);
        for (var i = 0; i < count; i++)
        {
            var (expected, tolerance) = GemmReference.Compute(false, false, m, n, k, 1f, a, i * aStep, lda, b, i * bStep, ldb, beta, before, i * cStep, ldc);
            var item = c.AsSpan(i * cStep, cStep).ToArray();
            var mismatch = GemmReference.FirstMismatch(expected, tolerance, m, n, item, 0, ldc, before.AsSpan(i * cStep, cStep).ToArray());
            Assert.IsNull(mismatch, $"{name} item {i}: {mismatch}");
        }
    }

    [TestMethod]
    public void ManagedRejectsAnItemPastTheEndBeforeWriting()
    {
        var provider = new ManagedBlas(2);
        float[] a = new float[2 * 12], b = new float[2 * 12], c = new float[(2 * 9) - 1];
        var e = Assert.ThrowsExactly<ArgumentException>(() => provider.SgemmBatch(2, 3, 3, 4, a, 12, 4, b, 12, 3, 0f, c, 9, 3));
        StringAssert.Contains(e.Message, "C span length 8 < 9");
        Assert.IsTrue(c.All(v => v == 0f));
    }
}
