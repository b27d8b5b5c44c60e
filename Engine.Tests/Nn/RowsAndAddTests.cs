using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>Row slices and sums, by which one forward over a concatenated batch feeds several losses.</summary>
[TestClass]
[TestCategory("GradCheck")]
public sealed class RowsAndAddTests
{
    [TestMethod]
    public void RowsCopiesTheSliceAndItsGradient()
    {
        var x = TestData.Random([5, 2, 3], 21);
        GradCheck.AssertPasses(() => Functional.Rows(x, 1, 3), x);
        var y = Functional.Rows(x, 3, 2);
        Assert.AreEqual("[2, 2, 3]", ShapeUtil.Format(y.Shape));
        CollectionAssert.AreEqual(x.Data[18..], y.Data);
        var e = Assert.Throws<ArgumentException>(() => Functional.Rows(x, 4, 2));
        StringAssert.Contains(e.Message, "[4, 6)");
    }

    [TestMethod]
    public void AddPassesTheGradientToBothAndCountsASharedInputTwice()
    {
        var a = TestData.Random([3, 4], 22);
        var b = TestData.Random([3, 4], 23);
        GradCheck.AssertPasses(() => Functional.Add(a, b), a, b);
        GradCheck.AssertPasses(() => Functional.Add(a, a), a);
        Assert.Throws<ArgumentException>(() => Functional.Add(a, TestData.Random([4, 3], 24)));
    }

    [TestMethod]
    public void SlicesOfOneForwardSumToTheSeparateForwardsGradient()
    {
        // L = f(rows 0–1) + ½·g(rows 2–3) of one Linear over four rows, against the two graphs run one by one.
        var w = TestData.Random([3, 5], 25);
        var x = TestData.Random([4, 5], 26, requiresGrad: false);
        var y = Functional.Linear(x, w, null);
        Functional.Add(Functional.FeatureMatching(Functional.Rows(y, 0, 2), Functional.Rows(y, 2, 2)), Functional.Sigmoid(Functional.Rows(y, 1, 1)).FirstElement()).Backward();
        var together = (float[])w.Grad!.Clone();
        w.ZeroGrad();
        Functional.FeatureMatching(Functional.Linear(Functional.Rows(x, 0, 2), w, null), Functional.Linear(Functional.Rows(x, 2, 2), w, null)).Backward();
        Functional.Sigmoid(Functional.Linear(Functional.Rows(x, 1, 1), w, null)).FirstElement().Backward();
        for (var i = 0; i < together.Length; i++)
        {
            Assert.AreEqual(w.Grad![i], together[i], 1e-6, $"element {i}");
        }
    }
}

internal static class ScalarExtensions
{
    // The first element of a tensor as a scalar loss [1].
    public static Tensor FirstElement(this Tensor t) => Functional.Rows(Functional.Reshape(t, t.Size), 0, 1);
}
