using Ssgan.Engine.Kernels;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>Runs a kernel test on both paths of the managed provider, whatever provider the suite runs on.</summary>
internal static class KernelPaths
{
    public static void Each(Action<string> body)
    {
        var previous = BlasSelect.Current;
        try
        {
            foreach (var (name, inPlace) in new[] { ("in place", true), ("im2col", false) })
            {
                BlasSelect.Use("managed", 2);
                Gemm.InPlaceEnabled = inPlace;
                Assert.AreEqual(inPlace, Gemm.InPlace is not null, name);
                body(name);
            }
        }
        finally
        {
            Gemm.InPlaceEnabled = true;
            BlasSelect.Use(previous.Name, previous.Threads);
        }
    }
}
