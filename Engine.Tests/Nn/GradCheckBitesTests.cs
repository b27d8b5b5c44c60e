using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>The gradient check must reject wrong backward passes, or passing it proves nothing.</summary>
[TestClass]
[TestCategory("GradCheck")]
public sealed class GradCheckBitesTests
{
    // A LeakyReLU whose backward flips the sign of the gradient.
    private static Tensor SignFlippedLeakyRelu(Tensor x)
    {
        var y = Functional.LeakyRelu(x, 0.2f);
        var wrong = new Tensor(y.Shape, (float[])y.Data.Clone());
        wrong.RecordOp([x], () =>
        {
            var dx = x.GradBuffer();
            for (var i = 0; i < dx.Length; i++)
            {
                dx[i] -= x.Data[i] > 0 ? wrong.Grad![i] : 0.2f * wrong.Grad![i];
            }
        });
        return wrong;
    }

    // A linear layer whose weight gradient is computed with transposed indices (dW[j, i] from x[·, j]·dy[·, i]).
    private static Tensor TransposedIndexLinear(Tensor x, Tensor w)
    {
        var y = Functional.Linear(x, w, null);
        var wrong = new Tensor(y.Shape, (float[])y.Data.Clone());
        int n = x.Dim(0), f = x.Dim(1);
        wrong.RecordOp([x, w], () =>
        {
            var dw = w.GradBuffer();
            for (var i = 0; i < f; i++)
            {
                for (var j = 0; j < f; j++)
                {
                    for (var b = 0; b < n; b++)
                    {
                        dw[(i * f) + j] += wrong.Grad![(b * f) + j] * x.Data[(b * f) + i];
                    }
                }
            }
        });
        return wrong;
    }

    // Dropout whose backward forgets the mask: dropped elements get a gradient, kept ones miss the 1/(1 − rate).
    private static Tensor MasklessDropout(Tensor x)
    {
        var y = Functional.Dropout(x, 0.4f, new Rng(5));
        var wrong = new Tensor(y.Shape, (float[])y.Data.Clone());
        wrong.RecordOp([x], () =>
        {
            var dx = x.GradBuffer();
            for (var i = 0; i < dx.Length; i++)
            {
                dx[i] += wrong.Grad![i];
            }
        });
        return wrong;
    }

    [TestMethod]
    public void DropoutWithoutItsMaskIsRejected()
    {
        var x = TestData.Random([4, 6], 63);
        var r = GradCheck.Run(() => MasklessDropout(x), [x]);
        Assert.IsFalse(r.Passed, "a dropout backward without the mask passed the gradient check");
        Assert.AreEqual(r.Checked, r.Failed, "every element is either dropped or scaled, so every one must fail");
    }

    [TestMethod]
    public void SignFlipIsRejected()
    {
        var x = TestData.AwayFromZero([2, 5], 61);
        var r = GradCheck.Run(() => SignFlippedLeakyRelu(x), [x]);
        Assert.IsFalse(r.Passed, "a sign-flipped backward passed the gradient check");
        Assert.AreEqual(r.Checked, r.Failed);
    }

    [TestMethod]
    public void TransposedIndexIsRejected()
    {
        var x = TestData.Random([3, 4], 62, requiresGrad: false);
        var w = TestData.Random([4, 4], 63);
        var r = GradCheck.Run(() => TransposedIndexLinear(x, w), [w]);
        Assert.IsFalse(r.Passed, "a transposed-index backward passed the gradient check");
        Assert.IsGreaterThan(r.Checked / 2, r.Failed);
    }

    [TestMethod]
    public void CorrectBackwardOfSameShapePasses()
    {
        var x = TestData.Random([3, 4], 62, requiresGrad: false);
        var w = TestData.Random([4, 4], 63);
        Assert.IsTrue(GradCheck.Run(() => Functional.Linear(x, w, null), [w]).Passed);
    }
}
