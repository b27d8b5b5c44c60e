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
