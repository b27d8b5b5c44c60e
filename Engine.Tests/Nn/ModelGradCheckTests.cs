using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>The tutorial's discriminator and generator graphs at reduced width, checked end to end.</summary>
[TestClass]
[TestCategory("GradCheck")]
public sealed class ModelGradCheckTests
{
    /// <summary>The tutorial's discriminator (three stride-2 convs, 28→14→7→4, dropout 0.4) at reduced width.</summary>
    public static Sequential SmallDiscriminator(Random rng, int width = 3, Random? dropoutRng = null, KernelOptions? kernels = null) => new Sequential()
        .Add("conv1", new Conv2d(1, width, 3, 2, Padding.Same, rng) { Kernels = kernels })
        .Add("act1", new LeakyReLU(0.2f))
        .Add("conv2", new Conv2d(width, width, 3, 2, Padding.Same, rng) { Kernels = kernels })
        .Add("act2", new LeakyReLU(0.2f))
        .Add("conv3", new Conv2d(width, width, 3, 2, Padding.Same, rng) { Kernels = kernels })
        .Add("act3", new LeakyReLU(0.2f))
        .Add("flatten", new Flatten())
        .Add("dropout", new Dropout(0.4f, dropoutRng ?? rng))
        .Add("fc", new Dense(width * 4 * 4, 10, rng));

    public static Sequential SmallGenerator(Random rng, int latent = 4, int width = 3, KernelOptions? kernels = null) => new Sequential()
        .Add("fc", new Dense(latent, width * 7 * 7, rng))
        .Add("act0", new LeakyReLU(0.2f))
        .Add("reshape", new Reshape(width, 7, 7))
        .Add("up1", new ConvTranspose2d(width, width, 4, 2, Padding.Same, rng) { Kernels = kernels })
        .Add("act1", new LeakyReLU(0.2f))
        .Add("up2", new ConvTranspose2d(width, width, 4, 2, Padding.Same, rng) { Kernels = kernels })
        .Add("act2", new LeakyReLU(0.2f))
        .Add("out", new Conv2d(width, 1, 7, 1, Padding.Same, rng) { Kernels = kernels })
        .Add("tanh", new Tanh());

    [TestMethod]
    public void DiscriminatorBothHeads()
    {
        var d = SmallDiscriminator(new Rng(1));
        var x = TestData.Random([2, 1, 28, 28], 2);
        Tensor[] all = [x, .. d.Parameters()];
        GradCheck.AssertModelPasses(() => d.Forward(x), all);
        GradCheck.AssertModelPasses(() => Functional.RealFakeLoss(d.Forward(x), real: true), all);
        GradCheck.AssertModelPasses(() => Functional.CrossEntropy(d.Forward(x), [7, 1]), all);
    }

    [TestMethod]
    public void DiscriminatorInTrainingModeWithDropout()
    {
        // Every forward of the check must draw the same mask: restart the dropout generator each time.
        var dropout = new Rng(8);
        var start = dropout.GetState();
        var d = SmallDiscriminator(new Rng(1), dropoutRng: dropout);
        d.Train();
        var x = TestData.Random([2, 1, 28, 28], 2);
        Tensor[] all = [x, .. d.Parameters()];
        GradCheck.AssertModelPasses(
            () =>
            {
                dropout.SetState(start);
                return Functional.CrossEntropy(d.Forward(x), [7, 1]);
            },
            all);
    }

    [TestMethod]
    public void GeneratorThroughFrozenDiscriminator()
    {
        var d = SmallDiscriminator(new Rng(3));
        var g = SmallGenerator(new Rng(4));
        var z = TestData.Random([2, 4], 5);
        d.SetTrainable(false);
        Tensor[] genParams = [z, .. g.Parameters()];
        GradCheck.AssertModelPasses(() => Functional.RealFakeLoss(d.Forward(g.Forward(z)), real: true), genParams);
        foreach (var p in d.Parameters())
        {
            Assert.IsNull(p.Grad, "a frozen discriminator must get no gradient");
        }
    }
}
