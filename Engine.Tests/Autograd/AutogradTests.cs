using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Autograd;

[TestClass]
public sealed class AutogradTests
{
    [TestMethod]
    public void BackwardTwiceGivesTheSameGradientsAndAccumulatesWithoutZeroGrad()
    {
        var d = Nn.ModelGradCheckTests.SmallDiscriminator(new Rng(1));
        var x = TestData.Random([3, 1, 28, 28], 2, requiresGrad: false);
        Functional.CrossEntropy(d.Forward(x), [1, 2, 3]).Backward();
        var first = d.Parameters().Select(p => (float[])p.Grad!.Clone()).ToList();

        d.ZeroGrad();
        Functional.CrossEntropy(d.Forward(x), [1, 2, 3]).Backward();
        var again = d.Parameters().Select(p => p.Grad!).ToList();
        for (var i = 0; i < first.Count; i++)
        {
            CollectionAssert.AreEqual(first[i], again[i], $"parameter {i} differs between two identical backward passes");
        }

        Functional.CrossEntropy(d.Forward(x), [1, 2, 3]).Backward();
        var doubled = d.Parameters().First().Grad!;
        for (var j = 0; j < doubled.Length; j++)
        {
            Assert.AreEqual(2 * first[0][j], doubled[j], 1e-5f + (1e-5f * Math.Abs(first[0][j])));
        }
    }

    [TestMethod]
    public void FrozenParametersAndPlainInputsGetNoGradient()
    {
        var layer = new Conv2d(2, 3, 3, 1, Ssgan.Engine.Kernels.Padding.Same, new Rng(3));
        var x = TestData.Random([1, 2, 5, 5], 4, requiresGrad: false);
        layer.SetTrainable(false);
        var y = layer.Forward(x);
        Assert.IsFalse(y.RequiresGrad, "nothing needs a gradient, so nothing is recorded");

        var x2 = TestData.Random([1, 2, 5, 5], 4);
        Functional.RealFakeLoss(Functional.Reshape(layer.Forward(x2), 1, 75), real: true).Backward();
        Assert.IsNull(layer.Weight.Grad);
        Assert.IsNull(layer.Bias.Grad);
        Assert.IsNotNull(x2.Grad);
    }

    [TestMethod]
    public void NoGradRecordsNothingAndGraphIsReleased()
    {
        var w = TestData.Random([2, 2], 5);
        var x = TestData.Random([1, 2], 6, requiresGrad: false);
        using (Graph.NoGrad())
        {
            Assert.IsFalse(Functional.Linear(x, w, null).RequiresGrad);
        }

        var h = Functional.Tanh(Functional.Linear(x, w, null));
        var loss = Functional.RealFakeLoss(h, real: false);
        loss.Backward();
        Assert.IsEmpty(h.Parents, "the graph is released after backward");
        Assert.IsNull(h.Grad, "intermediate gradients are dropped");
    }

    [TestMethod]
    public void ExtremeLogitsGiveFiniteLossesAndGradients()
    {
        var logits = new Tensor([2, 10], null, requiresGrad: true);
        Array.Fill(logits.Data, 1000f, 0, 10);
        Array.Fill(logits.Data, -1000f, 10, 10);
        foreach (var real in new[] { true, false })
        {
            logits.ZeroGrad();
            var loss = Functional.RealFakeLoss(logits, real);
            loss.Backward();
            Assert.IsTrue(float.IsFinite(loss.Item()), $"loss real={real}");
            Assert.IsTrue(logits.Grad!.All(float.IsFinite), $"gradient real={real}");
        }

        logits.ZeroGrad();
        var ce = Functional.CrossEntropy(logits, [3, 4]);
        ce.Backward();
        Assert.IsTrue(float.IsFinite(ce.Item()) && logits.Grad!.All(float.IsFinite));

        // −log D for a confidently real row (LSE = 1000 + log 10) is ~0; −log(1 − D) is ~1002.3.
        var row = new Tensor([1, 10]);
        Array.Fill(row.Data, 1000f);
        Assert.AreEqual(1000 + Math.Log(10), Functional.RealFakeLoss(row, real: false).Item(), 1e-2);
        Assert.AreEqual(0, Functional.RealFakeLoss(row, real: true).Item(), 1e-6);
    }

    [TestMethod]
    public void ShapeErrorsNameTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.Linear(new Tensor([2, 3]), new Tensor([4, 5]), null));
        StringAssert.Contains(e.Message, "[2, 3]");
        StringAssert.Contains(e.Message, "[4, 5]");
    }

    [TestMethod]
    public void ArenaReusesBuffersAndParametersOwnTheirs()
    {
        var p = new Parameter("w", [16]);
        float[] first;
        using (Arena.Begin())
        {
            first = new Tensor([1000]).Data;
            _ = p.GradBuffer();
        }

        using (Arena.Begin())
        {
            Assert.AreSame(first, new Tensor([1000]).Data, "a returned buffer of the same size is reused");
            Assert.AreNotSame(first, p.GradBuffer());
        }

        Assert.HasCount(16, p.GradBuffer());
    }
}
