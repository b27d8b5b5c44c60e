using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>
/// The Keras-clipped real/fake loss against Keras' formula, binary_crossentropy(target, D) with D clipped to
/// [ε, 1 − ε]: −log(D + ε) for real, −log(1 − D + ε) for fake, ε = 1e-7, D = Σexp(l)/(Σexp(l) + 1).
/// </summary>
[TestClass]
public sealed class KerasClipLossTests
{
    private const double Eps = Functional.KerasEpsilon;

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void InsideTheClipItIsKerasFormulaAndItsGradient(bool real)
    {
        var logits = TestData.Random([5, 10], 71, 3f);
        var expected = 0.0;
        for (var i = 0; i < 5; i++)
        {
            var z = Enumerable.Range(0, 10).Sum(j => Math.Exp(logits.Data[(i * 10) + j]));
            var d = Math.Clamp(z / (z + 1), Eps, 1 - Eps);
            expected -= Math.Log((real ? d : 1 - d) + Eps) / 5;
        }

        Assert.AreEqual(expected, Functional.RealFakeLossKerasClip(logits, real).Item(), 1e-6 * Math.Max(1, expected));
        GradCheck.AssertPasses(() => Functional.RealFakeLossKerasClip(logits, real), logits);
    }

    [TestMethod]
    public void AtAndBeyondTheClipTheLossSaturatesAndTheGradientVanishes()
    {
        // Σexp(l) = e^s for one logit s and nine at −∞ (−100): D = sigmoid(s).
        static Tensor Logits(double s)
        {
            var t = new Tensor([1, 10], null, requiresGrad: true);
            Array.Fill(t.Data, -100f, 0, 10);
            t.Data[0] = (float)s;
            return t;
        }

        var justInside = Math.Log((1 - (2 * Eps)) / (2 * Eps)); // D = 1 − 2ε
        var beyond = Math.Log((1 - (Eps / 2)) / (Eps / 2));     // D = 1 − ε/2, clipped to 1 − ε
        foreach (var (s, clipped) in new[] { (justInside, false), (beyond, true), (40.0, true), (-40.0, true) })
        {
            foreach (var real in new[] { true, false })
            {
                var logits = Logits(s);
                var loss = Functional.RealFakeLossKerasClip(logits, real);
                loss.Backward();
                var d = Math.Clamp(1 / (1 + Math.Exp(-logits.Data[0])), Eps, 1 - Eps);
                var keras = -Math.Log((real ? d : 1 - d) + Eps);
                Assert.AreEqual(keras, loss.Item(), 1e-4 * Math.Max(1, keras), $"s {s}, real {real}");
                var gradient = logits.Grad!.Max(Math.Abs);
                Assert.AreEqual(clipped, gradient == 0, $"s {s}, real {real}: gradient {gradient}");
            }
        }

        // Saturated: the fake loss of a confidently real image stops at −log(2ε) ≈ 15.4; the stable form keeps growing.
        Assert.AreEqual(-Math.Log(2 * Eps), Functional.RealFakeLossKerasClip(Logits(40), real: false).Item(), 1e-4);
        Assert.AreEqual(40, Functional.RealFakeLoss(Logits(40), real: false).Item(), 1e-3);
    }
}
