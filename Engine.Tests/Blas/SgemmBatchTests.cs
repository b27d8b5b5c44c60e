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

    /// <summary>Operands packed by the caller (what the Winograd forward writes): edges in both dimensions, gaps between items.</summary>
    [TestMethod]
    [DataRow(0f)]
    [DataRow(0.5f)]
    public void ManagedPackedBatchMatchesTheReference(float beta)
    {
        var provider = new ManagedBlas(2);
        const int count = 5, m = 13, n = 150, k = 19, ldc = 151;
        int aSize = PackedOperands.ASize(m, k), bSize = PackedOperands.BSize(k, n), cStep = (m * ldc) + 7;
        Assert.AreEqual((18 * k, 160 * k), (aSize, bSize), "13 rows pad to 3 panels of 6, 150 columns to 10 of 16 (two slices of the macro-kernel)");
        var rng = new Random(18);
        float[] a = GemmReference.RandomArray(rng, count * m * k), b = GemmReference.RandomArray(rng, count * k * n);
        var c = GemmReference.RandomArray(rng, count * cStep);
        if (beta == 0f)
        {
            Array.Fill(c, float.NaN);
        }

        float[] aPacked = new float[(count * (aSize + 5)) + 1], bPacked = new float[count * (bSize + 3)];
        for (var i = 0; i < count; i++)
        {
            PackedOperands.PackA(a.AsSpan(i * m * k, m * k), k, m, k, aPacked.AsSpan(i * (aSize + 5)));
            PackedOperands.PackB(b.AsSpan(i * k * n, k * n), n, k, n, bPacked.AsSpan(i * (bSize + 3)));
        }

        // The layout the Winograd transform writes by hand: column 21 is lane 5 of panel 1, whose k rows follow panel 0's.
        Assert.AreEqual(b[(4 * n) + 21], bPacked[(1 * 16 * k) + (4 * 16) + 5], "B's element (4, 21) in panel 1");
        var before = (float[])c.Clone();
        provider.SgemmBatchPacked(count, m, n, k, aPacked, aSize + 5, bPacked, bSize + 3, beta, c, cStep, ldc);
        for (var i = 0; i < count; i++)
        {
            var (expected, tolerance) = GemmReference.Compute(false, false, m, n, k, 1f, a, i * m * k, k, b, i * k * n, n, beta, before, i * cStep, ldc);
            var item = c.AsSpan(i * cStep, cStep).ToArray();
            var mismatch = GemmReference.FirstMismatch(expected, tolerance, m, n, item, 0, ldc, before.AsSpan(i * cStep, cStep).ToArray());
            Assert.IsNull(mismatch, $"packed item {i}: {mismatch}");
        }
    }

    [TestMethod]
    public void ManagedPackedBatchRejectsShortOperandsBeforeWriting()
    {
        var provider = new ManagedBlas(2);
        int aSize = PackedOperands.ASize(7, 4), bSize = PackedOperands.BSize(4, 20);
        float[] a = new float[2 * aSize], b = new float[(2 * bSize) - 1], c = new float[2 * 7 * 20];
        Array.Fill(a, 1f);
        var e = Assert.ThrowsExactly<ArgumentException>(() => provider.SgemmBatchPacked(2, 7, 20, 4, a, aSize, b, bSize, 0f, c, 140, 20));
        StringAssert.Contains(e.Message, $"packed sizes {aSize}/{bSize}");
        StringAssert.Contains(e.Message, $"spans {a.Length}/{b.Length}/{c.Length}");
        Assert.IsTrue(c.All(v => v == 0f));
        e = Assert.ThrowsExactly<ArgumentException>(() => provider.SgemmBatchPacked(1, 7, 20, 4096, new float[PackedOperands.ASize(7, 4096)], 0, new float[PackedOperands.BSize(4096, 20)], 0, 0f, c, 0, 20));
        StringAssert.Contains(e.Message, "k in 1..2048");
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
