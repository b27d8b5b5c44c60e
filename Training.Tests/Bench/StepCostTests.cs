using Ssgan.Engine;
using Ssgan.Models;
using Ssgan.Training.Bench;

namespace Ssgan.Training.Tests.Bench;

[TestClass]
public sealed class StepCostTests
{
    [TestMethod]
    public void TutorialStepIs58Point4Gflop()
    {
        // By hand: D 7,513,856 MAC/image, G 69,769,728 MAC/image; supervised + real updates 2·50·(2F_D − conv1),
        // fake 50·F_G + 50·(2F_D − conv1), generator 100·(3F_G − fc) + 100·2F_D → 29,206,822,400 MAC.
        var config = new ModelConfig();
        var gflop = StepCost.StepGflop(new Discriminator(config, new Rng(1)), new Generator(config, new Rng(2)), 100);
        Assert.AreEqual(58.4136448, gflop, 1e-6);
    }
}
