using Ssgan.Engine;
using Ssgan.Models;
using Ssgan.Training.Bench;

namespace Ssgan.Training.Tests.Bench;

[TestClass]
public sealed class StepCostTests
{
    [TestMethod]
    public void TutorialStepIs61Point4Gflop()
    {
        // By hand: D = conv1 225,792 + conv2 7,225,344 + conv3 2,359,296 + fc 20,480 = 9,830,912 MAC/image,
        // G 69,769,728 MAC/image; a D update is forward + weight grads + input grads but conv1's: 3F_D − conv1.
        // Supervised + real 2·50·(3F_D − conv1), fake 50·F_G + 50·(3F_D − conv1), generator 100·(3F_G − fc_G)
        // + frozen D 100·2F_D → 30,712,908,800 MAC.
        var config = new ModelConfig();
        var gflop = StepCost.StepGflop(new Discriminator(config, new Rng(1)), new Generator(config, new Rng(2)), 100);
        Assert.AreEqual(61.4258176, gflop, 1e-6);
    }

    [TestMethod]
    public void TwoConvVariantIs58Point4Gflop()
    {
        // D = 7,513,856 MAC/image (no conv3, fc 6,272 → 10): 29,206,822,400 MAC.
        var config = new ModelConfig { DiscriminatorConvs = 2, Dropout = 0 };
        var gflop = StepCost.StepGflop(new Discriminator(config, new Rng(1)), new Generator(config, new Rng(2)), 100);
        Assert.AreEqual(58.4136448, gflop, 1e-6);
    }
}
