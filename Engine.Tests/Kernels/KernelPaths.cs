using Ssgan.Engine.Blas;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>
/// Runs a kernel test on every path of the managed provider, whatever provider the suite runs on: GEMMs over
/// the tensors in place, through im2col matrices, and Winograd F(2×2, 2×2) for the layers it applies to. Each path
/// is a <see cref="KernelOptions"/> value handed to the body, so nothing global changes and tests may run in parallel.
/// </summary>
internal static class KernelPaths
{
    /// <summary>A managed provider of two threads, shared by the tests (it holds no state between calls).</summary>
    public static ManagedBlas Managed { get; } = new(2);

    public static KernelOptions InPlace { get; } = KernelOptions.For(Managed) with { Winograd = false };

    public static KernelOptions Im2Col { get; } = KernelOptions.For(Managed) with { InPlace = false, Winograd = false };

    public static KernelOptions Winograd { get; } = KernelOptions.For(Managed);

    public static void Each(Action<string, KernelOptions> body)
    {
        foreach (var (name, kernels) in new[] { ("in place", InPlace), ("im2col", Im2Col), ("winograd", Winograd) })
        {
            Assert.AreEqual(name != "im2col", kernels.InPlace && kernels.Provider.OffsetGemm is not null, name);
            body(name, kernels);
        }
    }
}
