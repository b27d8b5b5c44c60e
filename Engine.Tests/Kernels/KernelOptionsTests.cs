using Ssgan.Engine.Blas;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>The kernel-path value: its default follows the provider's declared capabilities, and a path the provider lacks falls back.</summary>
[TestClass]
public sealed class KernelOptionsTests
{
    /// <summary>A provider that declares nothing beyond the seam's GEMM, as a BLAS library does.</summary>
    private sealed class PlainProvider : IBlasProvider
    {
        public string Name => "plain";

        public int Threads => 1;

        public string Describe() => "plain (naive reference GEMM)";

        public void Sgemm(
            bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
            ManagedBlas.SgemmNaive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    [TestMethod]
    public void DefaultFollowsTheDeclaredCapabilities()
    {
        var managed = KernelOptions.For(KernelPaths.Managed);
        Assert.IsTrue(managed.InPlace && managed.Winograd && managed.WinogradPacked && managed.WinogradWeightGrad, managed.ToString());
        Assert.AreSame(managed, KernelOptions.For(KernelPaths.Managed), "derived once per provider");

        var plain = KernelOptions.For(new PlainProvider());
        Assert.IsFalse(plain.InPlace || plain.WinogradPacked, plain.ToString());
        Assert.IsTrue(plain.Winograd && plain.WinogradWeightGrad, "Winograd's GEMMs are plain ones: every provider runs it");
        Assert.AreEqual("plain, im2col, winograd + dW", plain.ToString());
    }

    /// <summary>Asking a provider without offset GEMM or packed batch for those paths runs the fallbacks, with the same results.</summary>
    [TestMethod]
    public void APathTheProviderLacksFallsBack()
    {
        var plain = KernelOptions.For(new PlainProvider());
        var asked = plain with { InPlace = true, WinogradPacked = true };
        Assert.AreEqual("plain, im2col, winograd + dW", asked.ToString());
        var g = ConvGeometry.ForTransposed(3, 4, 6, 4, 2, Padding.Same);
        var x = TestData.Random([2, 2, 4, 6], 71).Data;
        var wt = TestData.Random([2, 3, 4, 4], 72).Data;
        var b = TestData.Random([3], 73).Data;
        float[] expected = new float[2 * 3 * g.InPixels], got = new float[expected.Length];
        ConvTranspose2dKernels.Forward(plain, x, wt, b, 2, 2, g, expected);
        ConvTranspose2dKernels.Forward(asked, x, wt, b, 2, 2, g, got);
        CollectionAssert.AreEqual(expected, got);

        var cg = ConvGeometry.ForConv(2, 7, 7, 3, 2, Padding.Same);
        var cx = TestData.Random([2, 2, 7, 7], 74).Data;
        var cw = TestData.Random([3, 2, 3, 3], 75).Data;
        float[] cExpected = new float[2 * 3 * cg.OutPixels], cGot = new float[cExpected.Length];
        Conv2dKernels.Forward(plain, cx, cw, b, 2, 3, cg, cExpected);
        Conv2dKernels.Forward(asked, cx, cw, b, 2, 3, cg, cGot);
        CollectionAssert.AreEqual(cExpected, cGot);
    }
}
