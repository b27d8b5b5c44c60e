using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>The improved preset's layers: weight-normalised Dense with its data-dependent init, batch norm, noise.</summary>
[TestClass]
public sealed class MlpLayerTests
{
    [TestMethod]
    public void DataDependentInitGivesEachUnitMeanZeroAndTheInitScale()
    {
        var layer = new WeightNormDense(6, 4, new Rng(1), trainScale: true, initScale: 0.5f);
        var x = TestData.Random([50, 6], 2, 3f, requiresGrad: false);
        var y = layer.InitializeFromData(x);
        for (var j = 0; j < 4; j++)
        {
            var column = Enumerable.Range(0, 50).Select(i => (double)y.Data[(i * 4) + j]).ToArray();
            var mean = column.Average();
            Assert.AreEqual(0, mean, 1e-5, $"unit {j}");
            Assert.AreEqual(0.5, Math.Sqrt(column.Average(c => (c - mean) * (c - mean))), 1e-4, $"unit {j}");
        }

        // The effective weight is what a plain Linear layer would need for the same output.
        var plain = Functional.Linear(x, new Tensor([4, 6], layer.EffectiveWeight()), layer.Bias);
        for (var i = 0; i < y.Size; i++)
        {
            Assert.AreEqual(y.Data[i], plain.Data[i], 1e-5);
        }
    }

    [TestMethod]
    public void SharedWeightPassesTheGradientsOfEveryForward()
    {
        var layer = new WeightNormDense(5, 3, new Rng(5), trainScale: true);
        var a = TestData.Random([2, 5], 6);
        var b = TestData.Random([2, 5], 7);
        Tensor TwoForwards()
        {
            using var shared = layer.ShareWeight();
            return Functional.Add(layer.Forward(a), layer.Forward(b));
        }

        GradCheck.AssertPasses(TwoForwards, 1e-3, a, b, layer.V, layer.G, layer.Bias);
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var outer = layer.ShareWeight();
            using var inner = layer.ShareWeight();
        });
    }

    [TestMethod]
    public void SharedWeightWithoutAGraphIsNotUsedWhereAGradientIsNeeded()
    {
        var layer = new WeightNormDense(5, 3, new Rng(8), trainScale: true);
        var x = TestData.Random([2, 5], 9, requiresGrad: false);
        Functional.FeatureMatching(layer.Forward(x), TestData.Random([1, 3], 10, requiresGrad: false)).Backward();
        var expected = (float[])layer.V.Grad!.Clone();
        layer.ZeroGrad();
        IDisposable shared;
        using (Graph.NoGrad())
        {
            shared = layer.ShareWeight();
        }

        using (shared)
        {
            Functional.FeatureMatching(layer.Forward(x), TestData.Random([1, 3], 10, requiresGrad: false)).Backward();
        }

        CollectionAssert.AreEqual(expected, layer.V.Grad, "a weight computed without recording would have left v without a gradient");

        // After the scope, a changed v is seen.
        var before = layer.Forward(x).Data[0];
        layer.V.Data[0] += 1f;
        Assert.AreNotEqual(before, layer.Forward(x).Data[0]);
    }

    [TestMethod]
    public void WeightNormDenseGradients()
    {
        var layer = new WeightNormDense(4, 3, new Rng(3), trainScale: true);
        var x = TestData.Random([2, 4], 4);
        GradCheck.AssertPasses(() => layer.Forward(x), 1e-3, x, layer.V, layer.G, layer.Bias); // v ~ N(0, 0.05²): a small step
    }

    [TestMethod]
    public void FixedScaleNeverTrainsEvenAfterAFreeze()
    {
        var layer = new WeightNormDense(4, 3, new Rng(3), trainScale: false);
        layer.SetTrainable(false);
        layer.SetTrainable(true);
        Assert.IsFalse(layer.G.RequiresGrad);
        Assert.IsTrue(layer.V.RequiresGrad);
        var x = TestData.Random([2, 4], 4);
        Functional.FeatureMatching(layer.Forward(x), new Tensor([1, 3])).Backward();
        Assert.IsNull(layer.G.Grad);
        Assert.IsNotNull(layer.V.Grad);
    }

    [TestMethod]
    public void BatchNormUsesBatchStatisticsInTrainingAndRunningOnesInEvaluation()
    {
        var bn = new BatchNorm1d(3, scale: false, momentum: 1f);
        var x = TestData.Random([8, 3], 5, 2f, requiresGrad: false);
        bn.Train();
        var train = bn.Forward(x);
        bn.Train(false);
        var eval = bn.Forward(x);

        // Momentum 1: the running statistics are this batch's (variance unbiased), so evaluation differs from training
        // only by the n/(n − 1) variance factor.
        for (var i = 0; i < x.Size; i++)
        {
            Assert.AreEqual(train.Data[i] * Math.Sqrt(7.0 / 8), eval.Data[i], 1e-3);
        }

        Assert.AreEqual("bias running_mean running_var", string.Join(" ", bn.NamedParameters().Select(p => p.Name)));
        Assert.IsTrue(bn.RunningMean.Fixed && !bn.RunningMean.RequiresGrad);
    }

    [TestMethod]
    public void GaussianNoiseActsInTrainingOnly()
    {
        var noise = new GaussianNoise(0.3f, new Rng(6));
        var x = TestData.Random([2, 3], 7, requiresGrad: false);
        Assert.AreSame(x, noise.Forward(x));
        noise.Train();
        Assert.AreNotSame(x, noise.Forward(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(float.NaN, new Rng(6)));
    }
}
