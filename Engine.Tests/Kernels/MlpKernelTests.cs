using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>
/// The improved preset's vectorised kernels against float64 references (or, where the operations are the scalar
/// form's, bit for bit), on lengths with a vector tail (37 = 4·8 + 5).
/// </summary>
[TestClass]
public sealed class MlpKernelTests
{
    private static float[] Wide(int n, ulong seed, float scale)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, n).Select(_ => scale * ((2 * rng.NextSingle()) - 1))];
    }

    [TestMethod]
    public void ReluMatchesTheScalarFormBitForBit()
    {
        var x = Wide(37, 1, 3f);
        (x[0], x[1], x[2]) = (0f, -0f, float.NaN);
        var dy = Wide(37, 2, 1f);
        var y = new float[37];
        var dx = Wide(37, 3, 1f);
        var expected = (float[])dx.Clone();
        MlpKernels.ReluForward(x, y);
        MlpKernels.ReluBackward(x, dy, dx);
        for (var i = 0; i < 37; i++)
        {
            Assert.AreEqual(x[i] > 0 ? x[i] : 0, y[i], $"y[{i}] for x {x[i]}");
            Assert.AreEqual(expected[i] + (x[i] > 0 ? dy[i] : 0), dx[i], $"dx[{i}] for x {x[i]}");
        }
    }

    // Within 2e-6 relative: Vector256.Exp is a few float ulps from the true exponential.
    [TestMethod]
    public void SoftplusAndItsGradientMatchFloat64AcrossTheRange()
    {
        var x = Wide(37, 4, 30f);
        float[] tails = [-104f, -90f, -40f, -17f, -1e-6f, 0f, 1e-6f, 17f, 40f, 90f];
        tails.CopyTo(x, 0);
        var dy = Wide(37, 5, 2f);
        var y = new float[37];
        var dx = new float[37];
        MlpKernels.SoftplusForward(x, y);
        MlpKernels.SoftplusBackward(x, dy, dx);
        for (var i = 0; i < 37; i++)
        {
            var t = Math.Exp(-Math.Abs((double)x[i]));
            var softplus = Math.Max(x[i], 0) + (t < 1e-8 ? t * (1 - (t / 2)) : Math.Log(1 + t)); // log1p in double
            var sigmoid = 1 / (1 + Math.Exp(-(double)x[i]));
            Assert.AreEqual(softplus, y[i], (2e-6 * softplus) + 1e-44, $"softplus({x[i]})");
            Assert.AreEqual(dy[i] * sigmoid, dx[i], (2e-6 * Math.Abs(dy[i] * sigmoid)) + 1e-44, $"softplus'({x[i]})");
        }
    }

    [TestMethod]
    public void SigmoidMatchesFloat64IncludingTheTails()
    {
        var x = Wide(37, 13, 30f);
        float[] tails = [-104f, -90f, -40f, 0f, 40f, 90f];
        tails.CopyTo(x, 0);
        var y = new float[37];
        MlpKernels.SigmoidForward(x, y);
        for (var i = 0; i < 37; i++)
        {
            var sigmoid = 1 / (1 + Math.Exp(-(double)x[i]));
            Assert.AreEqual(sigmoid, y[i], (2e-6 * sigmoid) + 1e-44, $"sigmoid({x[i]})");
        }
    }

    [TestMethod]
    public void AffineAndScaledSumsMatchTheScalarFormBitForBit()
    {
        var x = Wide(37, 14, 3f);
        var y = Wide(37, 15, 3f);
        var (affine, scaled, noisy) = (new float[37], (float[])y.Clone(), (float[])y.Clone());
        MlpKernels.AffineForward(x, 0.5f, 0.25f, affine);
        MlpKernels.ScaledAdd(x, -1.5f, scaled);
        MlpKernels.ScaleAndAdd(noisy, 0.3f, x);
        for (var i = 0; i < 37; i++)
        {
            Assert.AreEqual((0.5f * x[i]) + 0.25f, affine[i], $"affine {i}");
            Assert.AreEqual(y[i] + (-1.5f * x[i]), scaled[i], $"scaled add {i}");
            Assert.AreEqual((0.3f * y[i]) + x[i], noisy[i], $"scale and add {i}");
        }
    }

    [TestMethod]
    public void SigmoidGradientMatchesTheScalarFormBitForBit()
    {
        var y = Wide(37, 6, 1f).Select(v => (v + 1) / 2).ToArray();
        var dy = Wide(37, 7, 1f);
        var dx = Wide(37, 8, 1f);
        var expected = (float[])dx.Clone();
        MlpKernels.SigmoidBackward(y, dy, dx);
        for (var i = 0; i < 37; i++)
        {
            Assert.AreEqual(expected[i] + (dy[i] * y[i] * (1 - y[i])), dx[i], $"element {i}");
        }
    }

    [TestMethod]
    public void DoubleDotIsExactWhereAFloatSumCancels()
    {
        // 1e8·1 + 1·1 − 1e8·1 in float loses the 1 whatever the order of a pairwise sum; in double it is exact.
        var a = new float[37];
        var b = new float[37];
        (a[0], a[9], a[36]) = (1e8f, 1f, -1e8f);
        (b[0], b[9], b[36]) = (1f, 1f, 1f);
        Assert.AreEqual(1.0, WeightNormKernels.DotDouble(a, b));
        var (x, z) = (Wide(37, 9, 2f), Wide(37, 10, 2f));
        Assert.AreEqual(x.Zip(z, (p, q) => (double)p * q).Sum(), WeightNormKernels.DotDouble(x, z), 1e-12);
    }

    [TestMethod]
    public void BatchNormMatchesTheColumnByColumnScalarFormBitForBit()
    {
        const int n = 5, f = 19;
        var x = new Tensor([n, f], Wide(n * f, 16, 3f), requiresGrad: true);
        var gamma = new Tensor([f], Wide(f, 17, 1f), requiresGrad: true);
        var beta = new Tensor([f], Wide(f, 18, 1f), requiresGrad: true);
        var dy = Wide(n * f, 19, 1f);
        var y = Functional.BatchNorm(x, gamma, beta, 1e-4f, 0.1f, new float[f], new float[f]);
        dy.CopyTo(y.GradBuffer(), 0);
        y.BackwardFn!(); // this op's backward alone, from a known dy
        for (var j = 0; j < f; j++)
        {
            // The original column loops: two-pass moments in double, x̂ rounded to float, the gradient in double.
            var (mean, variance) = Functional.ColumnMoments(x.Data, n, f, j);
            var invStd = 1 / Math.Sqrt(variance + 1e-4f);
            double sumDy = 0, sumDyXhat = 0;
            for (var i = 0; i < n; i++)
            {
                var h = (float)((x.Data[(i * f) + j] - mean) * invStd);
                Assert.AreEqual((gamma.Data[j] * h) + beta.Data[j], y.Data[(i * f) + j], $"y[{i}, {j}]");
                sumDy += dy[(i * f) + j];
                sumDyXhat += (double)dy[(i * f) + j] * h;
            }

            Assert.AreEqual((float)sumDy, beta.Grad![j], $"dβ[{j}]");
            Assert.AreEqual((float)sumDyXhat, gamma.Grad![j], $"dγ[{j}]");
            for (var i = 0; i < n; i++)
            {
                var h = (float)((x.Data[(i * f) + j] - mean) * invStd);
                var expected = (float)(gamma.Data[j] * invStd * (dy[(i * f) + j] - (sumDy / n) - (h * sumDyXhat / n)));
                Assert.AreEqual(expected, x.Grad![(i * f) + j], $"dx[{i}, {j}]");
            }
        }
    }

    [TestMethod]
    public void EmaMatchesTheScalarFormBitForBit()
    {
        var p = new Parameter("w", [37]);
        Wide(37, 11, 1f).CopyTo(p.Data, 0);
        var ema = new ExponentialMovingAverage([p], decay: 0.999f);
        var expected = (float[])p.Data.Clone();
        Wide(37, 12, 1f).CopyTo(p.Data, 0);
        ema.Update(500);
        var d = (float)ema.DecayAt(500);
        for (var i = 0; i < 37; i++)
        {
            Assert.AreEqual((d * expected[i]) + ((1 - d) * p.Data[i]), ema.Average(0)[i], $"element {i}");
        }
    }
}
