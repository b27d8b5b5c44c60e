using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Engine.Tests.Kernels;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>
/// Sequential runs conv → LeakyReLU as one fused op: the same outputs and gradients as the layers one by one, on
/// every kernel path, and fused for real (the profiler names the ops that ran).
/// </summary>
[TestClass]
[DoNotParallelize] // the process-wide profiler names the ops that ran
public sealed class FusedActivationTests
{
    [TestMethod]
    [DataRow("discriminator")]
    [DataRow("generator")]
    public void FusedModelMatchesLayerByLayer(string which)
    {
        KernelPaths.Each((path, kernels) =>
        {
            var model = which == "discriminator" ? ModelGradCheckTests.SmallDiscriminator(new Rng(1), width: 8, kernels: kernels) : ModelGradCheckTests.SmallGenerator(new Rng(2), width: 8, kernels: kernels);
            var input = which == "discriminator" ? TestData.Random([3, 1, 28, 28], 3) : TestData.Random([3, 4], 4);
            var upstream = TestData.Random(model.OutputShape(input.Shape), 5, requiresGrad: false);
            Tensor[] all = [input, .. model.Parameters()];
            var (fusedY, fusedGrads, fusedOps) = Run(model, input, upstream, all, fuse: true);
            var (plainY, plainGrads, plainOps) = Run(model, input, upstream, all, fuse: false);
            CollectionAssert.Contains(plainOps, "LeakyReLU fwd", $"{path}: the layer-by-layer run");
            Assert.IsTrue(fusedOps.Any(o => o.EndsWith($"{Functional.FusedLeakyRelu} fwd", StringComparison.Ordinal)), $"{path}: no fused op ran: {string.Join(", ", fusedOps)}");
            var unfused = fusedOps.Where(o => o == "LeakyReLU fwd").Count();
            Assert.AreEqual(which == "generator" ? 1 : 0, unfused, $"{path}: only the generator's Dense keeps a LeakyReLU of its own");
            ConvKernelTests.AssertClose(Array.ConvertAll(plainY, v => (double)v), fusedY, $"{path}: output", 1e-5, 1e-4);
            for (var i = 0; i < all.Length; i++)
            {
                ConvKernelTests.AssertClose(Array.ConvertAll(plainGrads[i], v => (double)v), fusedGrads[i], $"{path}: gradient of tensor {i}", 1e-5, 1e-4);
            }
        });
    }

    private static (float[] Y, float[][] Grads, List<string> Ops) Run(Sequential model, Tensor input, Tensor upstream, Tensor[] all, bool fuse)
    {
        foreach (var t in all)
        {
            t.ZeroGrad();
        }

        model.FuseActivations = fuse;
        Profiler.Reset();
        Profiler.Enabled = true;
        try
        {
            var y = model.Forward(input);
            var loss = new Tensor([1]);
            loss.RecordOp([y], () => System.Numerics.Tensors.TensorPrimitives.Add(y.GradBuffer().AsSpan(0, y.Size), upstream.Data.AsSpan(0, y.Size), y.GradBuffer().AsSpan(0, y.Size)));
            loss.Backward(); // L = Σ y·upstream
            var ops = Profiler.Snapshot().Select(s => s.Name).ToList();
            return (y.Data[..y.Size], all.Select(t => t.Grad![..t.Size]).ToArray(), ops);
        }
        finally
        {
            Profiler.Enabled = false;
            model.FuseActivations = true;
        }
    }
}
