using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>Keras' defaults: Glorot-uniform kernels with Keras' fans, zero biases, reproducible from the seed.</summary>
[TestClass]
public sealed class InitTests
{
    [TestMethod]
    public void ConvKernelsAreGlorotUniformWithKerasFans()
    {
        // Conv2d(128→128, 3×3): fan_in = fan_out = 128·9, limit = √(6 / 2304) ≈ 0.0510.
        var conv = new Conv2d(128, 128, 3, 2, Padding.Same, new Rng(1));
        AssertUniform(conv.Weight.Data, Math.Sqrt(6.0 / (1152 + 1152)));
        Assert.IsTrue(conv.Bias.Data.All(b => b == 0));

        // ConvTranspose2d(128→64, 4×4): Keras' fans are out·16 and in·16 (sum 3072).
        var up = new ConvTranspose2d(128, 64, 4, 2, Padding.Same, new Rng(2));
        AssertUniform(up.Weight.Data, Math.Sqrt(6.0 / ((64 * 16) + (128 * 16))));

        // Dense(6272→10): fans are the feature counts.
        var dense = new Dense(6272, 10, new Rng(3));
        AssertUniform(dense.Weight.Data, Math.Sqrt(6.0 / 6282));
    }

    [TestMethod]
    public void SameSeedSameWeights()
    {
        CollectionAssert.AreEqual(new Dense(20, 30, new Rng(9)).Weight.Data, new Dense(20, 30, new Rng(9)).Weight.Data);
        CollectionAssert.AreNotEqual(new Dense(20, 30, new Rng(9)).Weight.Data, new Dense(20, 30, new Rng(10)).Weight.Data);
    }

    // Within ±limit, mean ≈ 0, variance ≈ limit²/3 (uniform), to a few standard errors.
    private static void AssertUniform(float[] w, double limit)
    {
        Assert.IsTrue(w.All(v => Math.Abs(v) <= limit), $"a value exceeds the Glorot limit {limit}");
        var mean = w.Average(v => (double)v);
        var variance = w.Average(v => (v - mean) * (v - mean));
        Assert.AreEqual(0, mean, 5 * limit / Math.Sqrt(3 * w.Length));
        Assert.AreEqual(limit * limit / 3, variance, 0.05 * limit * limit);
        Assert.IsGreaterThan(0.95 * limit, w.Max(v => Math.Abs(v)), "the draws should reach near the limit");
    }
}
