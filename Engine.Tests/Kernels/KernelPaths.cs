using Ssgan.Engine.Kernels;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>
/// Runs a kernel test on every path of the managed provider, whatever provider the suite runs on: GEMMs over
/// the tensors in place, through im2col matrices, and Winograd F(2×2, 2×2) for the layers it applies to.
/// </summary>
internal static class KernelPaths
{
    public static void Each(Action<string> body)
    {
        var previous = BlasSelect.Current;
        try
        {
            foreach (var (name, inPlace, winograd) in new[] { ("in place", true, false), ("im2col", false, false), ("winograd", true, true) })
            {
                BlasSelect.Use("managed", 2);
                Gemm.InPlaceEnabled = inPlace;
                ConvTranspose2dWinograd.Enabled = winograd;
                Assert.AreEqual(inPlace, Gemm.InPlace is not null, name);
                body(name);
            }
        }
        finally
        {
            Gemm.InPlaceEnabled = true;
            ConvTranspose2dWinograd.Enabled = true;
            BlasSelect.Use(previous.Name, previous.Threads);
        }
    }
}
