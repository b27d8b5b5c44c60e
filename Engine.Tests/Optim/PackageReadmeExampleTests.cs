using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Engine.Optim;

namespace Ssgan.Engine.Tests.Optim;

/// <summary>The example in Engine/PACKAGE.md, as written there, learns what it claims to.</summary>
[TestClass]
public sealed class PackageReadmeExampleTests
{
    [TestMethod]
    public void XorExample_LearnsXor()
    {
        var rng = new Rng(1);
        var model = new Sequential()
            .Add("fc1", new Dense(2, 16, rng))
            .Add("act1", new LeakyReLU(0.2f))
            .Add("fc2", new Dense(16, 2, rng));
        var adam = new Adam(model.Parameters(), learningRate: 0.05f);
        var x = new Tensor([4, 2], [0, 0, 0, 1, 1, 0, 1, 1]);
        int[] labels = [0, 1, 1, 0];
        var last = float.NaN;
        for (var step = 0; step < 300; step++)
        {
            using var arena = Arena.Begin();
            model.ZeroGrad();
            var loss = Functional.CrossEntropy(model.Forward(x), labels);
            loss.Backward();
            adam.Update();
            last = loss.Item();
        }

        Assert.IsLessThan(0.05f, last, $"final loss {last}");
        using (Graph.NoGrad())
        using (Arena.Begin())
        {
            var logits = model.Forward(x).Data;
            for (var i = 0; i < 4; i++)
            {
                Assert.AreEqual(labels[i], logits[(2 * i) + 1] > logits[2 * i] ? 1 : 0, $"input {i}");
            }
        }
    }
}
