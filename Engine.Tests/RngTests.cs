namespace Ssgan.Engine.Tests;

/// <summary>The seeded generator's bulk normal draws: their distribution, their order and the state they leave.</summary>
[TestClass]
public sealed class RngTests
{
    private const int N = 1 << 20;

    [TestMethod]
    public void BulkGaussiansHaveMeanZeroVarianceOneAndNormalTails()
    {
        var z = new float[N];
        new Rng(11).NextGaussians(z);
        double sum = 0, squares = 0;
        int inOne = 0, beyondThree = 0;
        foreach (var v in z)
        {
            Assert.IsTrue(float.IsFinite(v), $"draw {v}");
            (sum, squares) = (sum + v, squares + ((double)v * v));
            inOne += Math.Abs(v) < 1 ? 1 : 0;
            beyondThree += Math.Abs(v) > 3 ? 1 : 0;
        }

        // Five standard errors of each statistic for N draws: a wrong scale, shift or tail is far outside them.
        var mean = sum / N;
        var variance = (squares / N) - (mean * mean);
        Assert.IsLessThan(5 / Math.Sqrt(N), Math.Abs(mean), $"mean {mean}");
        Assert.IsLessThan(5 * Math.Sqrt(2.0 / N), Math.Abs(variance - 1), $"variance {variance}");
        Within(0.682689, inOne, "|z| < 1");
        Within(0.0026998, beyondThree, "|z| > 3");
    }

    [TestMethod]
    public void PairsAreUncorrelated()
    {
        // The cos and sin halves of one Box–Muller pair land 8 apart; adjacent elements come from different pairs.
        var z = new float[N];
        new Rng(12).NextGaussians(z);
        foreach (var lag in (int[])[1, 8])
        {
            double product = 0;
            for (var i = 0; i + lag < N; i++)
            {
                product += (double)z[i] * z[i + lag];
            }

            Assert.IsLessThan(5 / Math.Sqrt(N), Math.Abs(product / (N - lag)), $"correlation at lag {lag}");
        }
    }

    [TestMethod]
    public void AShorterDrawIsAPrefixOfALongerOneAndTheStateMovesOnByWholeBlocks()
    {
        var longer = new float[50];
        var rng = new Rng(5);
        rng.NextGaussians(longer);
        var after = rng.NextUInt64();
        foreach (var length in (int[])[0, 1, 15, 16, 17, 33])
        {
            var shorter = new float[length];
            var other = new Rng(5);
            other.NextGaussians(shorter);
            CollectionAssert.AreEqual(longer[..length], shorter, $"length {length}");
        }

        // 50 draws take 4 blocks of 8 steps: the stream continues where 32 steps leave it.
        var skip = new Rng(5);
        for (var i = 0; i < 32; i++)
        {
            skip.NextUInt64();
        }

        Assert.AreEqual(skip.NextUInt64(), after);
    }

    [TestMethod]
    public void BulkDrawsResumeFromASavedState()
    {
        var rng = new Rng(9);
        rng.NextGaussians(new float[40]);
        var state = rng.GetState();
        var first = new float[24];
        rng.NextGaussians(first);
        var resumed = new Rng(1);
        resumed.SetState(state);
        var second = new float[24];
        resumed.NextGaussians(second);
        CollectionAssert.AreEqual(first, second);
    }

    private static void Within(double p, int count, string what)
    {
        var allowed = 5 * Math.Sqrt(p * (1 - p) / N);
        Assert.IsLessThan(allowed, Math.Abs(((double)count / N) - p), $"{what}: {(double)count / N}, expected {p} ± {allowed}");
    }
}
