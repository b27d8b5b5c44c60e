using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

[TestClass]
public sealed class DropoutTests
{
    [TestMethod]
    public void DropsAboutTheRateAndScalesTheRestAsKeras()
    {
        var x = new Tensor([200, 500]);
        Array.Fill(x.Data, 2f);
        var y = Functional.Dropout(x, 0.4f, new Rng(3));
        var dropped = 0;
        foreach (var v in y.Data.AsSpan(0, y.Size))
        {
            if (v == 0)
            {
                dropped++;
            }
            else
            {
                Assert.AreEqual(2f / 0.6f, v, 1e-6f, "kept values are scaled by 1/(1 − rate)");
            }
        }

        // 100,000 Bernoulli(0.4) draws: standard deviation of the fraction ≈ 0.0015; 0.01 is over 6 of them.
        Assert.AreEqual(0.4, dropped / (double)y.Size, 0.01);
    }

    /// <summary>The bulk draws of our generator give the mask one NextSingle call per element gives, and leave the same state.</summary>
    [TestMethod]
    public void BulkDrawsMatchOneByOne()
    {
        var x = new Tensor([3, 1001]);
        Array.Fill(x.Data, 1f);
        var bulk = Functional.Dropout(x, 0.4f, new Rng(9));
        var oneByOne = Functional.Dropout(x, 0.4f, new OneByOne(new Rng(9)));
        CollectionAssert.AreEqual(oneByOne.Data, bulk.Data);
        var (a, b) = (new Rng(11), new Rng(11));
        var drawn = new float[7];
        a.NextSingles(drawn);
        for (var i = 0; i < drawn.Length; i++)
        {
            Assert.AreEqual(b.NextSingle(), drawn[i], $"draw {i}");
        }

        Assert.AreEqual(b.NextUInt64(), a.NextUInt64(), "the state after the bulk draws");
    }

    // Hides the generator's type, so the kernel takes its one-draw-per-element path.
    private sealed class OneByOne(Rng inner) : Random
    {
        public override float NextSingle() => inner.NextSingle();
    }

    [TestMethod]
    public void BackwardUsesTheForwardMask()
    {
        var x = new Tensor([1000], requiresGrad: true);
        Array.Fill(x.Data, 1f);
        var y = Functional.Dropout(x, 0.5f, new Rng(4));
        var ones = new Tensor([1, 1000]);
        Array.Fill(ones.Data, 1f);
        Functional.Linear(Functional.Reshape(y, 1, 1000), ones, null).Backward();
        for (var i = 0; i < 1000; i++)
        {
            Assert.AreEqual(y.Data[i], x.Grad![i], $"element {i}: gradient must be the mask the forward used");
        }
    }

    [TestMethod]
    public void ModulesStartInEvaluationModeAndTrainReachesNestedLayers()
    {
        var dropout = new Dropout(0.5f, new Rng(5));
        var inner = new Sequential().Add("dropout", dropout);
        var outer = new Sequential().Add("inner", inner);
        var x = TestData.Random([4, 64], 6);
        Assert.IsFalse(dropout.Training);
        Assert.AreSame(x, outer.Forward(x), "evaluation mode passes the input through");

        outer.Train();
        Assert.IsTrue(dropout.Training);
        Assert.IsTrue(outer.Forward(x).Data.AsSpan(0, x.Size).Contains(0f), "training mode must drop units");

        outer.Train(false);
        Assert.IsFalse(dropout.Training);
    }

    [TestMethod]
    public void RejectsRatesOutsideZeroToOne()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Dropout(1f, new Rng(1)));
        StringAssert.Contains(ex.Message, "got 1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Functional.Dropout(new Tensor([2]), -0.1f, new Rng(1)));
    }
}
