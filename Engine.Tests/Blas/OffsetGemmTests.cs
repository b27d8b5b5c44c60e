using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>The managed provider's GEMM over offset tables (OffsetMatrix) against a float64 loop over the same tables.</summary>
[TestClass]
public sealed class OffsetGemmTests
{
    [TestMethod]
    [DataRow(13, 37, 300, 0f, Layout.Scattered, -1f, DisplayName = "gathered operands, scattered C, two k-blocks, edges")]
    [DataRow(12, 64, 20, 0.5f, Layout.Dense, -1f, DisplayName = "dense tables: whole tiles stored by the micro-kernel, bias")]
    [DataRow(150, 33, 7, 1f, Layout.Dense, -1f, DisplayName = "more rows than one A block, accumulate")]
    [DataRow(6, 16, 0, 0.5f, Layout.Dense, -1f, DisplayName = "k = 0: C = beta·C + bias")]
    [DataRow(14, 98, 270, 0.5f, Layout.Runs, -1f, DisplayName = "columns in runs of 7 (7×7 maps): blended loads, element-wise stores")]
    [DataRow(7, 70, 9, 0f, Layout.Runs, -1f, DisplayName = "runs, beta 0 over NaN")]
    [DataRow(12, 64, 4200, 0.5f, Layout.Dense, 0.2f, DisplayName = "fused LeakyReLU after three deep k-blocks (one row block), vector stores")]
    [DataRow(150, 40, 600, 0f, Layout.Dense, 0.2f, DisplayName = "fused LeakyReLU after three k-blocks of two row blocks")]
    [DataRow(13, 37, 300, 0f, Layout.Scattered, 0.2f, DisplayName = "fused LeakyReLU, scattered C, element-wise stores")]
    [DataRow(14, 98, 9, 1f, Layout.Runs, 0f, DisplayName = "fused ReLU (slope 0), one k-block, accumulate")]
    [DataRow(6, 16, 0, 0.5f, Layout.Dense, 0.2f, DisplayName = "fused LeakyReLU, k = 0")]
    [DataRow(14, 147, 300, 0.5f, Layout.Images49, -1f, DisplayName = "NCHW 7×7 images: panels across two images stored as two runs")]
    [DataRow(13, 147, 9, 0f, Layout.Images49, 0.2f, DisplayName = "two runs, beta 0 over NaN, fused LeakyReLU")]
    public void MatchesFloat64OverTheSameTables(int m, int n, int k, float beta, Layout layout, float slope)
    {
        float? leaky = slope >= 0 ? slope : null; // negative: no fused activation
                var rng = new Random(m + n + k);
        var a = Operand(rng, m, k, layout, out var aRows, out var aCols);
        var b = Operand(rng, k, n, layout, out var bRows, out var bCols);
        var c = Operand(rng, m, n, layout, out var cRows, out var cCols);
        var bias = Enumerable.Range(0, m).Select(_ => (float)rng.NextDouble()).ToArray();
        if (beta == 0f)
        {
            Array.Fill(c, float.NaN); // beta = 0 must not read C
        }

        var expected = new double[m * n];
        var negative = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[aRows[i] + aCols[p]] * b[bRows[p] + bCols[j]];
                }

                double old = beta == 0f ? 0 : beta * (double)c[cRows[i] + cCols[j]];
                var v = (0.75 * sum) + old + bias[i] - (leaky.HasValue ? 0.5 : 0); // − ½: values of both signs
                expected[(i * n) + j] = v > 0 || leaky is null ? v : leaky.Value * v;
                negative += v < 0 ? 1 : 0;
            }
        }

        if (leaky.HasValue)
        {
            for (int i = 0; i < m; i++)
            {
                bias[i] -= 0.5f;
            }
        }

        if (leaky.HasValue)
        {
            Assert.IsTrue(negative > 0 && negative < m * n, $"the case needs results of both signs ({negative} of {m * n} negative)");
        }

        // B's panels of 16 consecutive columns read in place (dense tables, most Images49 panels) or all packed; A
        // through its tables or packed by the caller (used where A is one block of one k-block: m ≤ 144, k ≤ 2048).
        var before = (float[])c.Clone();
        var denseA = new float[m * k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                denseA[(i * k) + p] = a[aRows[i] + aCols[p]];
            }
        }

        var aPacked = new float[PackedOperands.ASize(m, k) + 1];
        PackedOperands.PackA(denseA, Math.Max(k, 1), m, k, aPacked);
        foreach (var (direct, packedA) in new[] { (true, false), (false, false), (true, true) })
        {
            var result = (float[])before.Clone();
            new ManagedBlas(2, ManagedBlas.BestKernel, packEveryB: !direct).Sgemm(0.75f, new OffsetMatrix(a, aRows, aCols), new OffsetMatrix(b, bRows, bCols), beta, new OffsetMatrix(result, cRows, cCols), bias, leaky, packedA ? aPacked : default);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Assert.AreEqual(expected[(i * n) + j], result[cRows[i] + cCols[j]], 1e-4 * (1 + k), $"C[{i},{j}], B read in place: {direct}, A packed: {packedA}");
                }
            }
        }
    }

    [TestMethod]
    public void RejectsTablesThatLeaveTheSpanOrDoNotFit()
    {
        var data = new float[10];
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Size(new OffsetMatrix(data, [0, 5], [0, 5])));
        StringAssert.Contains(e.Message, "reaches elements 0..10 of a span of 10");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Size(new OffsetMatrix(data, [-1], [0])));
        var x = Assert.ThrowsExactly<ArgumentException>(() => new ManagedBlas(1).Sgemm(
            1f, new OffsetMatrix(data, [0, 1], [0, 1, 2]), new OffsetMatrix(data, [0, 1], [0]), 0f, new OffsetMatrix(data, [0, 1], [0]), default));
        StringAssert.Contains(x.Message, "A 2×3, B 2×1");
        var slope = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ManagedBlas(1).Sgemm(
            1f, new OffsetMatrix(data, [0], [0]), new OffsetMatrix(data, [0], [0]), 0f, new OffsetMatrix(data, [1], [0]), default, 1.5f));
        StringAssert.Contains(slope.Message, "slope in [0, 1]");
        Assert.AreEqual(0f, data[1], "nothing written before the error");
    }

    private static int Size(OffsetMatrix matrix) => matrix.Rows.Length * matrix.Cols.Length;

    public enum Layout
    {
        Dense,
        Scattered,
        Runs,
        Images49,
    }

    // A rows×cols operand: dense row-major tables; rows and columns scattered through a larger buffer in shuffled
    // order (so neither runs nor tiles line up); columns in runs of 7 with gaps, as the rows of 7×7 maps of a batch
    // in NCHW; or as the 49 pixels of each image of such a batch (a third of the 16-column panels hold the end of
    // one image and the start of the next). Returns the buffer.
    private static float[] Operand(Random rng, int rows, int cols, Layout layout, out int[] rowTable, out int[] colTable)
    {
        if (layout == Layout.Dense)
        {
            rowTable = Enumerable.Range(0, rows).Select(r => r * cols).ToArray();
            colTable = Enumerable.Range(0, cols).ToArray();
        }
        else if (layout == Layout.Images49)
        {
            rowTable = Enumerable.Range(0, rows).Select(r => r * 49).ToArray();
            colTable = Enumerable.Range(0, cols).Select(c => ((c / 49) * 49 * rows) + (c % 49)).ToArray();
        }
        else if (layout == Layout.Runs)
        {
            rowTable = Enumerable.Range(0, rows).Select(r => r * 7).ToArray();
            colTable = Enumerable.Range(0, cols).Select(c => ((c / 7) * 7 * (rows + 1)) + (c % 7)).ToArray();
        }
        else
        {
            int stride = (2 * cols) + 3;
            rowTable = Enumerable.Range(0, rows).Select(r => r * stride).OrderBy(_ => rng.Next()).ToArray();
            colTable = Enumerable.Range(0, cols).Select(c => 2 * c).OrderBy(_ => rng.Next()).ToArray();
        }

        int size = Math.Max(1, rows == 0 || cols == 0 ? 1 : rowTable.Max() + colTable.Max() + 1);
        return Enumerable.Range(0, size).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
    }
}
