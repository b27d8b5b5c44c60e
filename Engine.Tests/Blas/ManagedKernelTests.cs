using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

/// <summary>
/// One suite run on every managed micro-kernel against a float64 reference: whole 24-row tiles of the AVX-512
/// kernel, its 18/12/6-row remainders, partial rows and columns, beta 0 (over NaN) and not, the fused bias and
/// LeakyReLU, the transposes, offset mode (read in place, packed, A packed by the caller) and packed batches,
/// on one and two threads. A kernel this CPU cannot run is Inconclusive.
/// </summary>
[TestClass]
public sealed class ManagedKernelTests
{
    private const float Alpha = 0.75f;

    public enum CLayout
    {
        Strided, // rows evenly spaced, columns consecutive: whole tiles stored by the micro-kernel
        Shuffled, // rows in no order: every tile through the buffer, vector stores
        Images49, // NCHW 7×7 maps: a third of the panels are two runs (masked stores)
    }

    [TestMethod]
    [DataRow(ManagedKernel.Portable)]
    [DataRow(ManagedKernel.Avx2)]
    [DataRow(ManagedKernel.Avx512)]
    public void DenseProductsMatchTheReference(ManagedKernel kernel)
    {
        var shapes = new (int M, int N, int K)[]
        {
            (24, 16, 37), (48, 64, 300), (42, 33, 70), (36, 17, 9), (30, 48, 128), (29, 40, 65), (47, 5, 33), (11, 33, 20), (1, 1, 1),
            (200, 40, 64), // m > n: the threads split the rows
            (170, 50, 300), // two A blocks (MC 144) of two k-blocks (KC 256)
        };
        foreach (var threads in new[] { 1, 2 })
        {
            var blas = Create(kernel, threads);
            foreach (var (m, n, k) in shapes)
            {
                foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    foreach (var beta in new[] { 0f, 0.5f })
                    {
                        Dense(blas, ta, tb, m, n, k, beta, $"{kernel} {threads} thread(s) {(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} {m}×{n}×{k} beta {beta}");
                    }
                }
            }
        }
    }

    [TestMethod]
    [DataRow(ManagedKernel.Portable)]
    [DataRow(ManagedKernel.Avx2)]
    [DataRow(ManagedKernel.Avx512)]
    public void OffsetProductsWithBiasAndLeakyReluMatchTheReference(ManagedKernel kernel)
    {
        var cases = new (int M, int N, int K, float Beta, float? Slope, CLayout Layout)[]
        {
            (24, 64, 300, 0f, 0.2f, CLayout.Strided), (48, 37, 50, 0.5f, null, CLayout.Strided), (42, 64, 20, 1f, 0.1f, CLayout.Strided),
            (36, 33, 9, 0f, null, CLayout.Shuffled), (29, 64, 300, 0.5f, 0.2f, CLayout.Shuffled),
            (30, 147, 100, 0.5f, 0.2f, CLayout.Images49), (47, 98, 64, 0f, 0f, CLayout.Images49),
            (150, 40, 600, 0f, 0.2f, CLayout.Strided), (150, 49, 300, 0.5f, 0.2f, CLayout.Images49), // k-blocks: bias first, activation last
        };
        foreach (var threads in new[] { 1, 2 })
        {
            foreach (var (packedA, packEveryB) in new[] { (false, false), (false, true), (true, false) })
            {
                var blas = Create(kernel, threads, packEveryB);
                foreach (var (m, n, k, beta, slope, layout) in cases)
                {
                    Offset(blas, m, n, k, beta, slope, layout, packedA, $"{kernel} {threads} thread(s) {m}×{n}×{k} beta {beta} slope {slope} {layout} A packed {packedA} B packed {packEveryB}");
                }
            }
        }
    }

    [TestMethod]
    [DataRow(ManagedKernel.Portable)]
    [DataRow(ManagedKernel.Avx2)]
    [DataRow(ManagedKernel.Avx512)]
    public void PackedBatchesMatchTheReference(ManagedKernel kernel)
    {
        const int count = 3, m = 47, n = 150, k = 128, ldc = 151; // 24 + 18 + 5 rows, a partial panel of columns
        int aSize = PackedOperands.ASize(m, k), bSize = PackedOperands.BSize(k, n), cStep = m * ldc;
        var rng = new Random(23);
        float[] a = GemmReference.RandomArray(rng, count * m * k), b = GemmReference.RandomArray(rng, count * k * n);
        float[] aPacked = new float[count * aSize], bPacked = new float[count * bSize];
        for (var i = 0; i < count; i++)
        {
            PackedOperands.PackA(a.AsSpan(i * m * k, m * k), k, m, k, aPacked.AsSpan(i * aSize));
            PackedOperands.PackB(b.AsSpan(i * k * n, k * n), n, k, n, bPacked.AsSpan(i * bSize));
        }

        foreach (var threads in new[] { 1, 2 })
        {
            foreach (var beta in new[] { 0f, 0.5f })
            {
                var c = GemmReference.RandomArray(rng, count * cStep);
                if (beta == 0f)
                {
                    Array.Fill(c, float.NaN);
                }

                var before = (float[])c.Clone();
                Create(kernel, threads).SgemmBatchPacked(count, m, n, k, aPacked, aSize, bPacked, bSize, beta, c, cStep, ldc);
                for (var i = 0; i < count; i++)
                {
                    var old = before.AsSpan(i * cStep, cStep).ToArray();
                    var bound = ErrorBound.Of(k + 2, x => Reference(false, false, m, n, k, 1f, x[0], k, x[1], n, beta, x[2], ldc), a[(i * m * k)..((i + 1) * m * k)], b[(i * k * n)..((i + 1) * k * n)], old);
                    var item = c.AsSpan(i * cStep, cStep).ToArray();
                    bound.Check(Region(item, m, n, ldc), $"{kernel} {threads} thread(s) beta {beta} item {i}");
                    AssertPaddingUntouched(item, old, m, n, ldc, $"{kernel} item {i}");
                }
            }
        }
    }

    [TestMethod]
    public void DefaultIsAvx512ExactlyWhenTheHardwareAcceleratesIt()
    {
        var accelerated = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
        var blas = new ManagedBlas(1);
        Assert.AreEqual(accelerated, blas.Kernel == ManagedKernel.Avx512, $"default {blas.Kernel}, Vector512 accelerated {Vector512.IsHardwareAccelerated}, AVX-512F {Avx512F.IsSupported}");
        Assert.AreEqual(accelerated, blas.Describe().Contains("AVX-512 24×16", StringComparison.Ordinal), blas.Describe());
        if (!accelerated)
        {
            Assert.AreEqual(Fma.IsSupported && Avx2.IsSupported ? ManagedKernel.Avx2 : ManagedKernel.Portable, blas.Kernel);
        }
    }

    [TestMethod]
    public void AKernelTheCpuCannotRunIsAnErrorNamingIt()
    {
        foreach (var kernel in Enum.GetValues<ManagedKernel>().Append((ManagedKernel)7))
        {
            if (ManagedBlas.CanRun(kernel))
            {
                Assert.AreEqual(kernel, new ManagedBlas(1, kernel).Kernel);
                continue;
            }

            var e = Assert.ThrowsExactly<ArgumentException>(() => new ManagedBlas(1, kernel));
            StringAssert.Contains(e.Message, $"managed {kernel} kernel cannot run");
        }

        Assert.AreEqual(Avx512F.IsSupported, ManagedBlas.CanRun(ManagedKernel.Avx512));
        Assert.IsTrue(ManagedBlas.CanRun(ManagedKernel.Portable));
    }

    private static ManagedBlas Create(ManagedKernel kernel, int threads, bool packEveryB = false)
    {
        if (!ManagedBlas.CanRun(kernel))
        {
            Assert.Inconclusive($"this CPU cannot run the managed {kernel} kernel ({ManagedBlas.CpuFeatures}; DOTNET_EnableAVX512=0 turns AVX-512 off — .NET 10 ignores the older DOTNET_EnableAVX512F)");
        }

        return new ManagedBlas(threads, kernel, packEveryB);
    }

    private static void Dense(ManagedBlas blas, bool ta, bool tb, int m, int n, int k, float beta, string what)
    {
        var rng = new Random(m + n + k);
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
        float[] a = GemmReference.RandomArray(rng, (ta ? k : m) * lda), b = GemmReference.RandomArray(rng, (tb ? n : k) * ldb);
        var c = GemmReference.RandomArray(rng, m * ldc);
        if (beta == 0f)
        {
            Array.Fill(c, float.NaN); // beta 0 must not read C
        }

        var before = (float[])c.Clone();
        var bound = ErrorBound.Of(k + 2, x => Reference(ta, tb, m, n, k, Alpha, x[0], lda, x[1], ldb, beta, x[2], ldc), a, b, before);
        blas.Sgemm(ta, tb, m, n, k, Alpha, a, lda, b, ldb, beta, c, ldc);
        bound.Check(Region(c, m, n, ldc), what);
        AssertPaddingUntouched(c, before, m, n, ldc, what);
    }

    // alpha·op(A)·op(B) + beta·C over dense operands, C's m×n region as m·n values.
    private static double[] Reference(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var result = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    sum += (double)a[ta ? (p * lda) + i : (i * lda) + p] * b[tb ? (j * ldb) + p : (p * ldb) + j];
                }

                result[(i * n) + j] = (alpha * sum) + (beta == 0f ? 0 : beta * (double)c[(i * ldc) + j]);
            }
        }

        return result;
    }

    private static void Offset(ManagedBlas blas, int m, int n, int k, float beta, float? slope, CLayout layout, bool packedA, string what)
    {
        var rng = new Random(m + n + k);
        int[] aRows = [.. Enumerable.Range(0, m).Select(r => r * k)], aCols = [.. Enumerable.Range(0, k)];
        int[] bRows = [.. Enumerable.Range(0, k).Select(p => p * n)], bCols = [.. Enumerable.Range(0, n)];
        int[] cRows = layout switch
        {
            CLayout.Images49 => [.. Enumerable.Range(0, m).Select(r => r * 49)],
            CLayout.Shuffled => [.. Enumerable.Range(0, m).Select(r => r * (n + 5)).OrderBy(_ => rng.Next())],
            _ => [.. Enumerable.Range(0, m).Select(r => r * (n + 5))],
        };
        int[] cCols = [.. Enumerable.Range(0, n).Select(j => layout == CLayout.Images49 ? ((j / 49) * 49 * m) + (j % 49) : j)];
        float[] a = GemmReference.RandomArray(rng, m * k), b = GemmReference.RandomArray(rng, k * n), bias = GemmReference.RandomArray(rng, m);
        var c = GemmReference.RandomArray(rng, cRows.Max() + cCols.Max() + 3);
        if (beta == 0f)
        {
            Array.Fill(c, float.NaN);
        }

        var before = (float[])c.Clone();
        var old = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                old[(i * n) + j] = before[cRows[i] + cCols[j]];
            }
        }

        // Bias is one more term of each sum; LeakyReLU is a contraction, so the allowance carries over.
        var bound = ErrorBound.Of(k + 3, x => AddBias(Reference(false, false, m, n, k, Alpha, x[0], k, x[1], n, beta, x[2], n), x[3], n), a, b, old, bias);
        if (slope is { } s)
        {
            bound = bound.Map(v => v > 0 ? v : s * v);
        }

        var aPacked = new float[PackedOperands.ASize(m, k)];
        PackedOperands.PackA(a, k, m, k, aPacked);
        blas.Sgemm(Alpha, new OffsetMatrix(a, aRows, aCols), new OffsetMatrix(b, bRows, bCols), beta, new OffsetMatrix(c, cRows, cCols), bias, slope, packedA ? aPacked : default);
        var got = new float[m * n];
        var inC = new bool[c.Length];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                got[(i * n) + j] = c[cRows[i] + cCols[j]];
                inC[cRows[i] + cCols[j]] = true;
            }
        }

        bound.Check(got, what);
        for (var x = 0; x < c.Length; x++)
        {
            Assert.IsTrue(inC[x] || BitConverter.SingleToInt32Bits(c[x]) == BitConverter.SingleToInt32Bits(before[x]), $"{what}: element {x} is not in C, yet was written");
        }
    }

    private static double[] AddBias(double[] values, float[] bias, int n)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] += bias[i / n];
        }

        return values;
    }

    private static float[] Region(float[] c, int m, int n, int ldc)
    {
        var region = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            Array.Copy(c, i * ldc, region, i * n, n);
        }

        return region;
    }

    private static void AssertPaddingUntouched(float[] c, float[] before, int m, int n, int ldc, string what)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = n; j < ldc; j++)
            {
                Assert.AreEqual(BitConverter.SingleToInt32Bits(before[(i * ldc) + j]), BitConverter.SingleToInt32Bits(c[(i * ldc) + j]), $"{what}: padding C[{i},{j}] written");
            }
        }
    }
}
