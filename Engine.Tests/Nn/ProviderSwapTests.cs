using Ssgan.Engine.Autograd;
using Ssgan.Engine.Nn;
using Ssgan.Engine.Tests.Blas;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Nn;

/// <summary>Swapping the BLAS provider changes nothing but speed: the same models give the same numbers.</summary>
[TestClass]
[DoNotParallelize] // switches the process-wide provider
public sealed class ProviderSwapTests
{
    [TestMethod]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void NativeProviderMatchesManaged(string name)
    {
        var native = BlasTestProviders.Get(name);
        var reference = Run("managed");
        var other = Run(native.Name);
        for (var i = 0; i < reference.Count; i++)
        {
            Kernels.ConvKernelTests.AssertClose(Array.ConvertAll(reference[i], v => (double)v), other[i], $"{name} tensor {i}", 1e-4, 1e-3);
        }
    }

    // Generator → discriminator → real/fake loss at width 16 on 4 images: returns the loss, images and every gradient.
    private static List<float[]> Run(string provider)
    {
        var previous = BlasSelect.Current;
        BlasSelect.Use(provider, 2);
        try
        {
            var rng = new Rng(11);
            var d = ModelGradCheckTests.SmallDiscriminator(rng, width: 16);
            var g = ModelGradCheckTests.SmallGenerator(rng, latent: 8, width: 16);
            var z = TestData.Random([4, 8], 12, requiresGrad: false);
            var images = g.Forward(z);
            var loss = Functional.RealFakeLoss(d.Forward(images), real: true);
            var result = new List<float[]> { new[] { loss.Item() }, (float[])images.Data.Clone() };
            loss.Backward();
            result.AddRange(d.Parameters().Concat(g.Parameters()).Select(p => (float[])p.Grad!.Clone()));
            return result;
        }
        finally
        {
            BlasSelect.Use(previous.Name, previous.Threads);
        }
    }
}
