using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>
/// The improved preset's two losses end to end at reduced width (wide enough for the 8-wide kernel paths), in training mode with the noise on (its generator
/// restarted before every forward, so each evaluation of the check draws the same noise): the discriminator's
/// CE + ½·real + ½·fake over one [labelled; unlabelled; generated] batch, and feature matching back into the generator
/// through the frozen discriminator with its weights shared, as the trainer runs them.
/// </summary>
[TestClass]
[TestCategory("GradCheck")]
public sealed class ImprovedGanGradCheckTests
{
    private const int Rows = 3;

    private static Sequential SmallDiscriminator(Rng init, Rng noise) => new Sequential()
        .Add("noise0", new GaussianNoise(0.3f, noise))
        .Add("fc1", new WeightNormDense(20, 24, init, trainScale: false, directionStd: 0.1f))
        .Add("act1", new Relu())
        .Add("noise1", new GaussianNoise(0.5f, noise))
        .Add("fc2", new WeightNormDense(24, 16, init, trainScale: false, directionStd: 0.1f))
        .Add("act2", new Relu())
        .Add("noise2", new GaussianNoise(0.5f, noise))
        .Add("fc3", new WeightNormDense(16, 10, init, trainScale: true, directionStd: 0.1f));

    private static Sequential SmallGenerator(Rng init) => new Sequential()
        .Add("fc1", new Dense(4, 16, init))
        .Add("bn1", new BatchNorm1d(16, scale: false))
        .Add("act1", new Softplus())
        .Add("out", new WeightNormDense(16, 20, init, trainScale: true))
        .Add("sigmoid", new Sigmoid());

    [TestMethod]
    public void DiscriminatorLossOverOneConcatenatedBatch()
    {
        var noise = new Rng(3);
        var start = noise.GetState();
        var d = SmallDiscriminator(new Rng(1), noise);
        d.Train();
        var x = TestData.Random([3 * Rows, 20], 2);
        int[] labels = [4, 9, 2];
        Tensor[] all = [x, .. d.Parameters().Where(p => !p.Fixed)]; // the hidden layers' scales are set by the init, not trained
        GradCheck.AssertModelPasses(
            () =>
            {
                noise.SetState(start);
                var logits = d.Forward(x);
                var sup = Functional.CrossEntropy(Functional.Rows(logits, 0, Rows), labels);
                var real = Functional.RealFakeLoss(Functional.Rows(logits, Rows, Rows), real: true);
                var fake = Functional.RealFakeLoss(Functional.Rows(logits, 2 * Rows, Rows), real: false);
                return Functional.Add(sup, Functional.Add(Functional.Affine(real, 0.5f, 0f), Functional.Affine(fake, 0.5f, 0f)));
            },
            all);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void FeatureMatchingIntoTheGeneratorThroughTheFrozenDiscriminator(bool sharedWeights)
    {
        var noise = new Rng(5);
        var start = noise.GetState();
        var d = SmallDiscriminator(new Rng(1), noise);
        var g = SmallGenerator(new Rng(2));
        d.Train();
        g.Train();
        d.SetTrainable(false);
        var z = TestData.Random([4, 4], 6);
        var real = TestData.Random([5, 20], 7);
        using var shared = sharedWeights ? d.ShareWeights() : null;
        GradCheck.AssertModelPasses(
            () =>
            {
                noise.SetState(start);
                Tensor realFeatures;
                using (Graph.NoGrad())
                {
                    d.Forward(real, "act2", out var tapped);
                    realFeatures = tapped!;
                }

                d.Forward(g.Forward(z), "act2", out var fakeFeatures);
                return Functional.FeatureMatching(fakeFeatures!, realFeatures);
            },
            [z, .. g.Parameters().Where(p => !p.Fixed)]);
    }
}
