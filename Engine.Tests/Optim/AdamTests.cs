using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;

namespace Ssgan.Engine.Tests.Optim;

[TestClass]
public sealed class AdamTests
{
    [TestMethod]
    public void MatchesHandComputedKerasSteps()
    {
        // One parameter, gradients 0.5 then −1.0, lr 0.1, β₁ 0.5, β₂ 0.999, ε 1e-7 (Keras' update rule):
        // t=1: m = 0.25, v = 0.00025, α = 0.1·√0.001/0.5 = 0.0063245553, p = 1 − α·0.25/(√0.00025 + ε) = 0.9000006325
        // t=2: m = −0.375, v = 0.00124975, α = 0.1·√(1 − 0.999²)/0.75 = 0.0059618, p += α·0.375/(√0.00124975 + ε)
        var p = new Parameter("w", [1]);
        p.Data[0] = 1f;
        var adam = new Adam([p], 0.1f, 0.5f, 0.999f, 1e-7f);
        p.GradBuffer()[0] = 0.5f;
        adam.Update();
        Assert.AreEqual(0.9000006325, p.Data[0], 1e-6);

        p.ZeroGrad();
        p.GradBuffer()[0] = -1f;
        adam.Update();
        var alpha2 = 0.1 * Math.Sqrt(1 - (0.999 * 0.999)) / (1 - 0.25);
        var expected = 0.9000006325 + (alpha2 * 0.375 / (Math.Sqrt(0.00124975) + 1e-7));
        Assert.AreEqual(expected, p.Data[0], 1e-6);
        Assert.AreEqual(2L, adam.Step);
    }

    [TestMethod]
    public void EpsilonInsideTheRootFollowsTheTheanoFormulaOnEveryElement()
    {
        // Salimans et al.'s Adam in double: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), p ← p − lr·m̂/√(v̂ + ε), over three
        // steps, with gradients around √ε (where the two placements differ most) and larger, on 8-wide and tail elements.
        const int N = 11;
        const double Lr = 0.003, B1 = 0.5, B2 = 0.999, Eps = 1e-8;
        var p = new Parameter("w", [N]);
        var adam = new Adam([p], (float)Lr, (float)B1, (float)B2, (float)Eps, epsilonInsideRoot: true);
        double[] rp = new double[N], rm = new double[N], rv = new double[N];
        for (var t = 1; t <= 3; t++)
        {
            p.ZeroGrad();
            var g = p.GradBuffer();
            for (var i = 0; i < N; i++)
            {
                g[i] = (float)((i % 2 == 0 ? 1 : -1) * Math.Pow(10, -6 + (i % 5)) * t);
                rm[i] = (B1 * rm[i]) + ((1 - B1) * g[i]);
                rv[i] = (B2 * rv[i]) + ((1 - B2) * g[i] * g[i]);
                rp[i] -= Lr * (rm[i] / (1 - Math.Pow(B1, t))) / Math.Sqrt((rv[i] / (1 - Math.Pow(B2, t))) + Eps);
            }

            adam.Update();
            for (var i = 0; i < N; i++)
            {
                // float32 rounding of a step of at most lr: relative 1e-5 of its size, plus the parameter's own rounding.
                Assert.AreEqual(rp[i], p.Data[i], (1e-5 * Math.Abs(rp[i])) + 1e-9, $"step {t}, element {i}");
            }
        }

        // A gradient of 1e-6 moves the parameter a small part of lr inside the root, most of lr outside it (Keras).
        Assert.IsLessThan(0.1 * Lr, Math.Abs(rp[0]));
        var outside = new Parameter("o", [1]);
        var keras = new Adam([outside], (float)Lr, (float)B1, (float)B2, (float)Eps);
        outside.GradBuffer()[0] = 1e-6f;
        keras.Update();
        Assert.IsGreaterThan(0.5 * Lr, Math.Abs(outside.Data[0]));
    }

    [TestMethod]
    public void VectorAndScalarPathsAgreeAndFrozenParametersStay()
    {
        var a = new Parameter("a", [19]);
        var frozen = new Parameter("f", [3]);
        var adam = new Adam([a, frozen], 0.01f, 0.5f);
        var g = a.GradBuffer();
        for (var i = 0; i < 19; i++)
        {
            g[i] = (i - 9) * 0.1f;
        }

        frozen.RequiresGrad = false;
        adam.Update();

        // Every element takes the first-step value −lr·sign(g) (up to ε), whichever loop (8-wide or tail) handled it.
        for (var i = 0; i < 19; i++)
        {
            Assert.AreEqual(i == 9 ? 0 : -0.01 * Math.Sign(i - 9), a.Data[i], 1e-6, $"element {i}");
        }

        CollectionAssert.AreEqual(new float[3], frozen.Data);
    }

    [TestMethod]
    public void TwoOptimizersKeepSeparateState()
    {
        var p = new Parameter("w", [1]);
        var first = new Adam([p], 0.1f, 0.5f);
        var second = new Adam([p], 0.1f, 0.5f);
        p.GradBuffer()[0] = 1f;
        first.Update();
        first.Update();
        second.Update();
        Assert.AreEqual(2L, first.Step);
        Assert.AreEqual(1L, second.Step);
        Assert.AreNotEqual(first.Moments(0).V[0], second.Moments(0).V[0]);
    }

    [TestMethod]
    public void RejectsBadHyperParameters()
    {
        var e = Assert.Throws<ArgumentException>(() => new Adam([], learningRate: 0f));
        StringAssert.Contains(e.Message, "lr 0");
    }
}
