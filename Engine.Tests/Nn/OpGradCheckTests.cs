using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

[TestClass]
[TestCategory("GradCheck")]
public sealed class OpGradCheckTests
{
    [TestMethod]
    public void LinearGradients()
    {
        var x = TestData.Random([3, 4], 1);
        var w = TestData.Random([5, 4], 2);
        var b = TestData.Random([5], 3);
        GradCheck.AssertPasses(() => Functional.Linear(x, w, b), x, w, b);
    }

    [TestMethod]
    [DataRow(2, 3, 3, 5, 5, 1, -1, DisplayName = "3x3 stride 1 same")]
    [DataRow(2, 3, 3, 6, 6, 2, -1, DisplayName = "3x3 stride 2 same, asymmetric (6→3, extra pad bottom/right)")]
    [DataRow(2, 3, 3, 7, 5, 2, -1, DisplayName = "3x3 stride 2 same, 7×5 (one symmetric, one asymmetric axis)")]
    [DataRow(2, 2, 3, 6, 6, 2, 0, DisplayName = "3x3 stride 2 valid")]
    [DataRow(3, 3, 3, 14, 14, 2, -1, DisplayName = "3x3 stride 2 same 14→7")]
    [DataRow(3, 2, 2, 5, 4, 1, 1, DisplayName = "2x2 stride 1 pad 1")]
    [DataRow(4, 1, 3, 5, 5, 1, -1, DisplayName = "4→1 3x3 same (transposed-form path)")]
    [DataRow(3, 1, 4, 5, 6, 1, -1, DisplayName = "3→1 4x4 same, even kernel (transposed-form path, asymmetric)")]
    public void Conv2dGradients(int c, int oc, int k, int h, int w, int stride, int pad)
    {
        var padding = pad < 0 ? Padding.Same : Padding.Of(pad);
        var x = TestData.Random([2, c, h, w], 11);
        var weight = TestData.Random([oc, c, k, k], 12);
        var bias = TestData.Random([oc], 13);
        GradCheck.AssertPasses(() => Functional.Conv2d(x, weight, bias, stride, padding), x, weight, bias);
    }

    [TestMethod]
    [DataRow(2, 3, 4, 3, 3, 2, -1, DisplayName = "4x4 stride 2 same (3→6)")]
    [DataRow(2, 2, 3, 3, 4, 2, -1, DisplayName = "3x3 stride 2 same (asymmetric split)")]
    [DataRow(3, 2, 3, 4, 3, 1, -1, DisplayName = "3x3 stride 1 same")]
    [DataRow(2, 2, 3, 3, 3, 2, 0, DisplayName = "3x3 stride 2 valid (3→7)")]
    public void ConvTranspose2dGradients(int cin, int cout, int k, int h, int w, int stride, int pad)
    {
        var padding = pad < 0 ? Padding.Same : Padding.Of(pad);
        var x = TestData.Random([2, cin, h, w], 21);
        var weight = TestData.Random([cin, cout, k, k], 22);
        var bias = TestData.Random([cout], 23);
        GradCheck.AssertPasses(() => Functional.ConvTranspose2d(x, weight, bias, stride, padding), x, weight, bias);
    }

    /// <summary>Convolutions with LeakyReLU fused into their store (what Sequential runs for conv → LeakyReLU).</summary>
    [TestMethod]
    [DataRow(0.2f, DisplayName = "LeakyReLU 0.2")]
    [DataRow(0f, DisplayName = "ReLU (slope 0)")]
    public void FusedLeakyReluGradients(float slope)
    {
        var x = TestData.Random([2, 3, 6, 6], 61);
        var w = TestData.Random([4, 3, 3, 3], 62);
        var b = TestData.Random([4], 63);
        GradCheck.AssertModelPasses(() => Functional.Conv2d(x, w, b, 2, Padding.Same, slope), x, w, b);
        var w1 = TestData.Random([1, 3, 3, 3], 64);
        var b1 = TestData.Random([1], 65);
        GradCheck.AssertModelPasses(() => Functional.Conv2d(x, w1, b1, 1, Padding.Same, slope), x, w1, b1); // the transposed-form path
        var xt = TestData.Random([2, 3, 3, 4], 66);
        var wt = TestData.Random([3, 2, 4, 4], 67);
        var bt = TestData.Random([2], 68);
        GradCheck.AssertModelPasses(() => Functional.ConvTranspose2d(xt, wt, bt, 2, Padding.Same, slope), xt, wt, bt);
        var ws = TestData.Random([3, 2, 3, 3], 69);
        GradCheck.AssertModelPasses(() => Functional.ConvTranspose2d(xt, ws, bt, 2, Padding.Same, slope), xt, ws, bt); // col2im, then the activation
    }

    [TestMethod]
    public void FusedSlopeOutsideZeroToOneIsRefused()
    {
        var x = TestData.Random([1, 1, 4, 4], 71);
        var w = TestData.Random([1, 1, 3, 3], 72);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Functional.Conv2d(x, w, null, 1, Padding.Same, 1.5f));
        StringAssert.Contains(e.Message, "1.5");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Functional.ConvTranspose2d(x, w, null, 2, Padding.Same, -0.1f));
    }

    [TestMethod]
    public void ActivationAndReshapeGradients()
    {
        var x = TestData.AwayFromZero([2, 3, 4], 31);
        GradCheck.AssertPasses(() => Functional.LeakyRelu(x, 0.2f), x);
        GradCheck.AssertPasses(() => Functional.Tanh(x), x);
        GradCheck.AssertPasses(() => Functional.Reshape(Functional.Tanh(x), 6, 4), x);
        GradCheck.AssertPasses(() => Functional.Dropout(x, 0.4f, new Rng(5)), x);
    }

    [TestMethod]
    public void LossGradients()
    {
        var logits = TestData.Random([4, 10], 41, 3f);
        GradCheck.AssertPasses(() => Functional.CrossEntropy(logits, [3, 0, 9, 3]), logits);
        GradCheck.AssertPasses(() => Functional.RealFakeLoss(logits, real: true), logits);
        GradCheck.AssertPasses(() => Functional.RealFakeLoss(logits, real: false), logits);
    }

    [TestMethod]
    public void TensorUsedTwiceAccumulates()
    {
        var x = TestData.Random([2, 3], 51);
        var w = TestData.Random([3, 3], 52);
        GradCheck.AssertPasses(() => Functional.Linear(Functional.Tanh(Functional.Linear(x, w, null)), w, null), x, w);
    }
}
