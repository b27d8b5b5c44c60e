using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>The improved preset's ops: every element of every input checked by central differences in double.</summary>
[TestClass]
[TestCategory("GradCheck")]
public sealed class MlpOpGradCheckTests
{
    [TestMethod]
    public void PointwiseGradients()
    {
        var x = TestData.AwayFromZero([3, 5], 1);
        GradCheck.AssertPasses(() => Functional.Relu(x), 1e-3, x);
        var wide = TestData.Random([3, 5], 2, 6f);
        GradCheck.AssertPasses(() => Functional.Softplus(wide), wide);
        GradCheck.AssertPasses(() => Functional.Sigmoid(wide), wide);

        // Past one vector of eight, with a tail: the vectorised body and the scalar remainder both checked.
        var longer = TestData.AwayFromZero([3, 13], 11);
        GradCheck.AssertPasses(() => Functional.Relu(longer), 1e-3, longer);
        GradCheck.AssertPasses(() => Functional.Softplus(longer), longer);
        GradCheck.AssertPasses(() => Functional.Sigmoid(longer), longer);
        GradCheck.AssertPasses(() => Functional.Affine(longer, -1.5f, 0.25f), longer);
    }

    [TestMethod]
    public void GaussianNoiseAddsSeededNoiseAndPassesTheGradient()
    {
        var x = TestData.Random([4, 3], 3);
        GradCheck.AssertPasses(() => Functional.GaussianNoise(x, 0.5f, new Rng(9)), x);
        var y = Functional.GaussianNoise(x, 0.5f, new Rng(9));
        Assert.AreNotEqual(x.Data[0], y.Data[0]);
        Assert.AreSame(x, Functional.GaussianNoise(x, 0f, new Rng(9)), "σ 0 is the identity");
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.GaussianNoise(x, -1f, new Rng(9)));
    }

    [TestMethod]
    public void WeightNormGradients()
    {
        var v = TestData.Random([3, 4], 4);
        var g = TestData.Random([3], 5);
        GradCheck.AssertPasses(() => Functional.WeightNorm(v, g), v, g);
        var wideV = TestData.Random([5, 37], 12);
        var wideG = TestData.Random([5], 13);
        GradCheck.AssertPasses(() => Functional.WeightNorm(wideV, wideG), wideV, wideG);

        // Each row of w has norm |g|, whatever v's scale.
        var w = Functional.WeightNorm(v, g);
        for (var o = 0; o < 3; o++)
        {
            var norm = Math.Sqrt(Enumerable.Range(0, 4).Sum(k => (double)w.Data[(o * 4) + k] * w.Data[(o * 4) + k]));
            Assert.AreEqual(Math.Abs(g.Data[o]), norm, 1e-6);
        }
    }

    [TestMethod]
    public void BatchNormGradientsAndStatistics()
    {
        var x = TestData.Random([5, 3], 6, 2f);
        var gamma = TestData.Random([3], 7);
        var beta = TestData.Random([3], 8);
        float[] mean = new float[3], variance = [1f, 1f, 1f];
        GradCheck.AssertPasses(() => Functional.BatchNorm(x, gamma, beta, 1e-4f, 0.1f, mean, variance), x, gamma, beta);
        GradCheck.AssertPasses(() => Functional.BatchNorm(x, null, beta, 1e-4f, 0.1f, mean, variance), x, beta);
        var wide = TestData.Random([6, 13], 14, 2f); // one vector of eight columns and a scalar tail
        var wideGamma = TestData.Random([13], 15);
        var wideBeta = TestData.Random([13], 16);
        float[] wideMean = new float[13], wideVariance = [.. Enumerable.Repeat(1f, 13)];
        GradCheck.AssertPasses(() => Functional.BatchNorm(wide, wideGamma, wideBeta, 1e-4f, 0.1f, wideMean, wideVariance), wide, wideGamma, wideBeta);
        GradCheck.AssertPasses(() => Functional.BatchNorm(wide, null, wideBeta, 1e-4f, 0.1f, wideMean, wideVariance), wide, wideBeta);

        // Without γ every output column has mean β and (biased) variance ≈ 1; the running mean moved by 10 % of μ.
        (mean, variance) = (new float[3], [1f, 1f, 1f]);
        var y = Functional.BatchNorm(x, null, beta, 1e-4f, 0.1f, mean, variance);
        for (var j = 0; j < 3; j++)
        {
            var column = Enumerable.Range(0, 5).Select(i => (double)y.Data[(i * 3) + j]).ToArray();
            Assert.AreEqual(beta.Data[j], column.Average(), 1e-5);
            Assert.AreEqual(1, column.Select(c => (c - column.Average()) * (c - column.Average())).Average(), 1e-3);
            var mu = Enumerable.Range(0, 5).Average(i => (double)x.Data[(i * 3) + j]);
            Assert.AreEqual(0.1 * mu, mean[j], 1e-6);
        }

        var fixedStats = Functional.BatchNormInference(x, gamma, beta, 1e-4f, mean, variance);
        GradCheck.AssertPasses(() => Functional.BatchNormInference(x, gamma, beta, 1e-4f, mean, variance), x);
        Assert.AreEqual((gamma.Data[0] * (x.Data[0] - mean[0]) / Math.Sqrt(variance[0] + 1e-4)) + beta.Data[0], fixedStats.Data[0], 1e-5);
    }

    [TestMethod]
    public void FeatureMatchingGradientsAndValue()
    {
        var a = TestData.Random([4, 3], 9);
        var b = TestData.Random([2, 3], 10);
        GradCheck.AssertPasses(() => Functional.FeatureMatching(a, b), a, b);
        var expected = Enumerable.Range(0, 3).Average(j =>
        {
            var d = Enumerable.Range(0, 4).Average(i => (double)a.Data[(i * 3) + j]) - Enumerable.Range(0, 2).Average(i => (double)b.Data[(i * 3) + j]);
            return d * d;
        });
        Assert.AreEqual(expected, Functional.FeatureMatching(a, b).Item(), 1e-6);
    }

    [TestMethod]
    public void SoftmaxEntropyGradientsAndValue()
    {
        var logits = TestData.Random([4, 5], 12, 3f);
        GradCheck.AssertPasses(() => Functional.SoftmaxEntropy(logits), logits);
        var expected = Enumerable.Range(0, 4).Average(i =>
        {
            var row = Enumerable.Range(0, 5).Select(j => Math.Exp(logits.Data[(i * 5) + j])).ToArray();
            return -row.Sum(e => e / row.Sum() * Math.Log(e / row.Sum()));
        });
        Assert.AreEqual(expected, Functional.SoftmaxEntropy(logits).Item(), 1e-6);
        var uniform = new Tensor([2, 10]);
        Assert.AreEqual(Math.Log(10), Functional.SoftmaxEntropy(uniform).Item(), 1e-6, "equal logits: log C");
        var confident = new Tensor([1, 3], [1000f, 0f, -1000f]);
        Assert.AreEqual(0, Functional.SoftmaxEntropy(confident).Item(), 1e-6, "finite for logits of ±1000");
    }

    [TestMethod]
    public void SoftmaxConsistencyGradientsAndValue()
    {
        var a = TestData.Random([3, 4], 13, 2f);
        var b = TestData.Random([3, 4], 14, 2f);
        GradCheck.AssertPasses(() => Functional.SoftmaxConsistency(a, b), a, b);
        static double[] Softmax(float[] row) => [.. row.Select(v => Math.Exp(v) / row.Sum(u => Math.Exp(u)))];
        var expected = Enumerable.Range(0, 3).Average(i =>
        {
            double[] p = Softmax(a.Data[(i * 4)..((i + 1) * 4)]), q = Softmax(b.Data[(i * 4)..((i + 1) * 4)]);
            return Enumerable.Range(0, 4).Average(j => (p[j] - q[j]) * (p[j] - q[j]));
        });
        Assert.AreEqual(expected, Functional.SoftmaxConsistency(a, b).Item(), 1e-7);
        Assert.AreEqual(0, Functional.SoftmaxConsistency(a, a).Item(), "a prediction agrees with itself");
        var shifted = new Tensor([1, 3], [1000f, 0f, -1000f]);
        Assert.AreEqual(0, Functional.SoftmaxConsistency(shifted, new Tensor([1, 3], [1001f, 1f, -999f])).Item(), 1e-9, "softmax ignores a common shift, finite at ±1000");
        Assert.Throws<ArgumentException>(() => Functional.SoftmaxConsistency(a, TestData.Random([3, 5], 15)));
    }
}
