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

    // Weight norm whose v gradient forgets the projection: dv = (g/‖v‖)·dw instead of (g/‖v‖)·(dw − (dw·v̂)v̂).
    private static Tensor UnprojectedWeightNorm(Tensor v, Tensor g)
    {
        var w = Functional.WeightNorm(v, g);
        var wrong = new Tensor(w.Shape, (float[])w.Data.Clone());
        int rows = v.Dim(0), cols = v.Dim(1);
        wrong.RecordOp([v], () =>
        {
            var dv = v.GradBuffer();
            for (var o = 0; o < rows; o++)
            {
                var norm = Math.Sqrt(Enumerable.Range(0, cols).Sum(k => (double)v.Data[(o * cols) + k] * v.Data[(o * cols) + k]));
                for (var k = 0; k < cols; k++)
                {
                    dv[(o * cols) + k] += (float)(g.Data[o] / norm * wrong.Grad![(o * cols) + k]);
                }
            }
        });
        return wrong;
    }

    // A row slice whose backward adds the gradient into the first rows instead of the sliced ones.
    private static Tensor MisplacedRows(Tensor x, int start, int count)
    {
        var y = Functional.Rows(x, start, count);
        var wrong = new Tensor(y.Shape, (float[])y.Data.Clone());
        wrong.RecordOp([x], () =>
        {
            var dx = x.GradBuffer();
            for (var i = 0; i < y.Size; i++)
            {
                dx[i] += wrong.Grad![i];
            }
        });
        return wrong;
    }

    [TestMethod]
    public void WeightNormWithoutTheProjectionIsRejected()
    {
        var v = TestData.Random([3, 9], 64);
        var g = TestData.Random([3], 65, requiresGrad: false);
        var r = GradCheck.Run(() => UnprojectedWeightNorm(v, g), [v]);
        Assert.IsFalse(r.Passed, "a weight norm backward without the projection passed the gradient check");
        Assert.IsGreaterThan(r.Checked / 2, r.Failed);
    }

    [TestMethod]
    public void RowsIntoTheWrongRowsAreRejected()
    {
        var x = TestData.Random([4, 3], 66);
        var r = GradCheck.Run(() => MisplacedRows(x, 2, 2), [x]);
        Assert.IsFalse(r.Passed, "a slice whose gradient lands in other rows passed the gradient check");
        Assert.AreEqual(r.Checked, r.Failed, "every row gets a gradient it should not have or misses its own");
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

    // The softmax entropy with the softmax's coupling forgotten: dH/dl_j = −p_j log p_j, missing −p_j·H.
    private static Tensor UncoupledEntropy(Tensor logits)
    {
        var y = Functional.SoftmaxEntropy(logits);
        var wrong = new Tensor(y.Shape, (float[])y.Data.Clone());
        int n = logits.Dim(0), c = logits.Dim(1);
        wrong.RecordOp([logits], () =>
        {
            var dl = logits.GradBuffer();
            for (var i = 0; i < n; i++)
            {
                var lse = Math.Log(Enumerable.Range(0, c).Sum(j => Math.Exp(logits.Data[(i * c) + j])));
                for (var j = 0; j < c; j++)
                {
                    var logP = logits.Data[(i * c) + j] - lse;
                    dl[(i * c) + j] -= (float)(wrong.Grad![0] / n * Math.Exp(logP) * logP);
                }
            }
        });
        return wrong;
    }

    [TestMethod]
    public void EntropyWithoutTheSoftmaxCouplingIsRejected()
    {
        var logits = TestData.Random([3, 4], 67, 3f);
        var r = GradCheck.Run(() => UncoupledEntropy(logits), [logits]);
        Assert.IsFalse(r.Passed, "an entropy backward without the −p·H term passed the gradient check");
        Assert.IsGreaterThan(r.Checked / 2, r.Failed);
    }

    // The consistency loss with the second prediction treated as a fixed target: a view of b's values that asks no
    // gradient, so b gets none (the temporal-ensembling form, not the Π-model's).
    private static Tensor OneSidedConsistency(Tensor a, Tensor b) => Functional.SoftmaxConsistency(a, new Tensor(b.Shape, b.Data));

    [TestMethod]
    public void ConsistencyWithOneSideFrozenIsRejected()
    {
        var a = TestData.Random([2, 4], 68, 2f);
        var b = TestData.Random([2, 4], 69, 2f);
        var r = GradCheck.Run(() => OneSidedConsistency(a, b), [a, b]);
        Assert.IsFalse(r.Passed, "a consistency backward that leaves the second prediction without a gradient passed the gradient check");
    }

    [TestMethod]
    public void CorrectBackwardOfSameShapePasses()
    {
        var x = TestData.Random([3, 4], 62, requiresGrad: false);
        var w = TestData.Random([4, 4], 63);
        Assert.IsTrue(GradCheck.Run(() => Functional.Linear(x, w, null), [w]).Passed);
    }
}
