using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;

namespace Ssgan.Engine.Tests.Optim;

/// <summary>The learning-rate decay, the consistency ramp-up, and Adam taking a rate set between updates.</summary>
[TestClass]
public sealed class ScheduleTests
{
    [TestMethod]
    public void ConstantThenLinearToZeroOneStepAfterTheLast()
    {
        // 10 steps, the last 40 % decaying: updates 0–6 at full rate, then 3/4, 2/4, 1/4, and 0 past the end.
        var decay = new LinearDecay(10, 0.4);
        double[] expected = [1, 1, 1, 1, 1, 1, 1, 0.75, 0.5, 0.25, 0, 0];
        for (var step = 0; step < expected.Length; step++)
        {
            Assert.AreEqual(expected[step], decay.Factor(step), 1e-12, $"after {step} steps");
        }

        Assert.AreEqual(1.0, new LinearDecay(10, 0).Factor(9), "a zero share keeps the rate");
        Assert.AreEqual(0.1, new LinearDecay(10, 1).Factor(9), 1e-12, "a share of 1 decays from the first step");
    }

    [TestMethod]
    [DataRow(0L, 0.5, "0 steps")]
    [DataRow(10L, 1.5, "fraction 1.5")]
    [DataRow(10L, double.NaN, "fraction NaN")]
    public void RefusesBadArguments(long steps, double fraction, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => new LinearDecay(steps, fraction));
        StringAssert.Contains(e.Message, named);
    }

    [TestMethod]
    public void RampUpFollowsLaineAndAilasCurve()
    {
        var ramp = new RampUp(100);
        Assert.AreEqual(Math.Exp(-5), ramp.Factor(0), 1e-12);
        Assert.AreEqual(Math.Exp(-5 * 0.25), ramp.Factor(50), 1e-12);
        Assert.AreEqual(1.0, ramp.Factor(100));
        Assert.AreEqual(1.0, ramp.Factor(1000));
        Assert.AreEqual(1.0, new RampUp(0).Factor(0), "no ramp: full weight at once");
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new RampUp(-1)).Message, "got -1");
    }

    [TestMethod]
    public void AdamTakesARateSetBetweenUpdates()
    {
        // The same gradient from the same state: an optimizer whose rate is changed to 0.05 steps exactly as one
        // built with 0.05 (the rate is read at each update, not cached).
        var (a, b) = (new Parameter("a", [3]), new Parameter("b", [3]));
        var changed = new Adam([a], learningRate: 0.1f) { LearningRate = 0.05f };
        var built = new Adam([b], learningRate: 0.05f);
        foreach (var p in new[] { a, b })
        {
            p.GradBuffer()[0] = 0.5f;
            p.GradBuffer()[1] = -2f;
            p.GradBuffer()[2] = 1e-3f;
        }

        changed.Update();
        built.Update();
        CollectionAssert.AreEqual(b.Data, a.Data);
        Assert.AreNotEqual(0f, a.Data[0]);

        Assert.Throws<ArgumentOutOfRangeException>(() => changed.LearningRate = 0f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => changed.LearningRate = float.NaN);
        StringAssert.Contains(e.Message, "NaN");
        Assert.AreEqual(0.05f, changed.LearningRate, "a refused rate leaves the old one");
    }
}
