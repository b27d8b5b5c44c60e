using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;

namespace Ssgan.Engine.Tests.Optim;

/// <summary>The moving average against the formula worked by hand: a ← d·a + (1 − d)·p, d = min(decay, (1 + t)/(10 + t)).</summary>
[TestClass]
public sealed class EmaTests
{
    [TestMethod]
    public void AverageFollowsTheFormulaFromTheInitialWeights()
    {
        var p = new Parameter("w", [2]);
        (p.Data[0], p.Data[1]) = (1f, 2f);
        var ema = new ExponentialMovingAverage([p], decay: 0.5f);
        Assert.AreEqual((1f, 2f), (ema.Average(0)[0], ema.Average(0)[1]), "starts at the weights, not at zero");

        // t = 1: d = min(0.5, 2/11) = 2/11; a = 2/11·1 + 9/11·3 = 29/11 and 2/11·2 + 9/11·6 = 58/11.
        (p.Data[0], p.Data[1]) = (3f, 6f);
        ema.Update(1);
        Assert.AreEqual(29.0 / 11, ema.Average(0)[0], 1e-6);
        Assert.AreEqual(58.0 / 11, ema.Average(0)[1], 1e-6);

        // t = 100: d = min(0.5, 101/110) = 0.5; a = 0.5·29/11 + 0.5·5 = 42/11.
        p.Data[0] = 5f;
        ema.Update(100);
        Assert.AreEqual(42.0 / 11, ema.Average(0)[0], 1e-6);
        Assert.AreEqual(0.5, ema.DecayAt(100));
        Assert.AreEqual(2.0 / 11, ema.DecayAt(1), 1e-12);
    }

    [TestMethod]
    public void CopiesRoundTripAndRefuseOtherShapes()
    {
        var p = new Parameter("w", [3]);
        p.Data[2] = 7f;
        var ema = new ExponentialMovingAverage([p], decay: 0.9f);
        var target = new Parameter("w", [3]);
        ema.CopyTo([target]);
        CollectionAssert.AreEqual(p.Data, target.Data);
        target.Data[0] = 4f;
        ema.CopyFrom([target]);
        Assert.AreEqual(4f, ema.Average(0)[0]);
        var e = Assert.Throws<ArgumentException>(() => ema.CopyTo([new Parameter("w", [2])]));
        StringAssert.Contains(e.Message, "3 values");
        Assert.Throws<ArgumentException>(() => new ExponentialMovingAverage([p], decay: 1f));
    }
}
