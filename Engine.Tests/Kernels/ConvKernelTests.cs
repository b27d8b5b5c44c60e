using Ssgan.Engine.Kernels;
using Ssgan.Engine.Tests.Blas;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>
/// The convolution kernels against the naive float64 loops, on both paths of the managed provider: GEMMs reading
/// im2col in place (offset GEMM) and the im2col/col2im path every BLAS provider takes.
/// </summary>
[TestClass]
public sealed class ConvKernelTests
{
    [TestMethod]
    [DataRow(2, 3, 4, 9, 9, 3, 2, true, DisplayName = "stride 2 same, odd size")]
    [DataRow(3, 2, 5, 8, 6, 3, 2, true, DisplayName = "stride 2 same, asymmetric pad")]
    [DataRow(2, 4, 3, 7, 7, 4, 1, true, DisplayName = "even kernel same")]
    [DataRow(2, 2, 3, 7, 7, 3, 2, false, DisplayName = "valid")]
    [DataRow(7, 64, 8, 32, 32, 3, 1, true, DisplayName = "several chunks (7 images, large columns)")]
    [DataRow(40, 64, 8, 32, 32, 3, 2, true, DisplayName = "stride 2, the input gradient's phases in two chunks (37 + 3)")]
    [DataRow(2, 6, 4, 9, 9, 3, 2, true, DisplayName = "stride 2 same, odd size, input gradient by phases (6 channels)")]
    [DataRow(3, 7, 5, 8, 6, 3, 2, true, DisplayName = "stride 2 same, asymmetric pad, by phases (7 channels: a partial panel)")]
    [DataRow(2, 6, 3, 7, 7, 3, 2, false, DisplayName = "stride 2 valid, by phases")]
    [DataRow(3, 1, 4, 8, 8, 3, 2, true, DisplayName = "stride 2, one input channel (the discriminator's first layer): columns and col2im")]
    public void Conv2dMatchesNaive(int n, int c, int oc, int h, int w, int k, int stride, bool same)
    {
        var g = ConvGeometry.ForConv(c, h, w, k, stride, same ? Padding.Same : Padding.Valid);
        var x = TestData.Random([n, c, h, w], 1).Data;
        var wt = TestData.Random([oc, c, k, k], 2).Data;
        var b = TestData.Random([oc], 3).Data;
        var dy = TestData.Random([n, oc, g.OutHeight, g.OutWidth], 4).Data;
        var forward = ErrorBound.Of((c * k * k) + 1, a => ConvReference.Conv2d(a[0], a[1], a[2], n, oc, g), x, wt, b);
        var grads = ErrorBound.Of([oc * k * k, n * g.OutPixels, n * g.OutPixels], a => Conv2dGradients(a[0], a[1], a[2], n, oc, g), x, wt, dy);
        KernelPaths.Each((path, kernels) =>
        {
            var y = new float[dy.Length];
            Conv2dKernels.Forward(kernels, x, wt, b, n, oc, g, y);
            forward.Check(y, $"{path}: forward");
            AssertFusedLeakyRelu(forward, fused => Conv2dKernels.Forward(kernels, x, wt, b, n, oc, g, fused, Slope), $"{path}: forward + LeakyReLU");

            // Gradients accumulate: start from ones and expect reference + 1.
            float[] dx = Ones(x.Length), dw = Ones(wt.Length), db = Ones(oc);
            Conv2dKernels.Backward(kernels, x, wt, dy, n, oc, g, dx, dw, db);
            grads[0].PlusOne().Check(dx, $"{path}: dx");
            grads[1].PlusOne().Check(dw, $"{path}: dw");
            grads[2].PlusOne().Check(db, $"{path}: db");
        });
    }

    private static double[][] Conv2dGradients(float[] x, float[] w, float[] dy, int n, int oc, ConvGeometry g)
    {
        var (dx, dw, db) = ConvReference.Conv2dBackward(x, w, dy, n, oc, g);
        return [dx, dw, db];
    }

    // The transposed conv's references: forward; input gradient = the forward conv of dy with the same weights
    // (as [OC=Cin, C=Cout]); weight gradient = x ⋆ dy. Terms per output: Cin·K² (+ bias), Cout·K², N·(x's pixels).
    private static ErrorBound TransposedForward(float[] x, float[] wt, float[] b, int n, int cin, ConvGeometry g) =>
        ErrorBound.Of((cin * g.Kernel * g.Kernel) + 1, a => ConvReference.ConvTranspose2d(a[0], a[1], a[2], n, cin, g), x, wt, b);

    private static ErrorBound TransposedInputGradient(float[] dy, float[] wt, int n, int cin, ConvGeometry g) =>
        ErrorBound.Of(g.Channels * g.Kernel * g.Kernel, a => ConvReference.Conv2d(a[0], a[1], new float[cin], n, cin, g), dy, wt).PlusOne();

    private static ErrorBound TransposedWeightGradient(float[] dy, float[] wt, float[] x, int n, int cin, ConvGeometry g) =>
        ErrorBound.Of(n * g.OutPixels, a => ConvReference.Conv2dBackward(a[0], a[1], a[2], n, cin, g).Dw, dy, wt, x).PlusOne();

    private static float[] Ones(int length) => Enumerable.Repeat(1f, length).ToArray();

    [TestMethod]
    [DataRow(2, 3, 4, 3, 4, 4, 2, DisplayName = "4x4 stride 2 same (3×4 → 6×8)")]
    [DataRow(2, 5, 3, 7, 7, 4, 2, DisplayName = "tutorial shape at small width (7 → 14)")]
    [DataRow(3, 2, 2, 4, 4, 3, 2, DisplayName = "3x3 stride 2 same")]
    [DataRow(9, 32, 32, 14, 14, 4, 2, DisplayName = "several chunks")]
    [DataRow(2, 3, 5, 4, 6, 4, 2, DisplayName = "4x4 stride 2 same, even phases (4×6 → 8×12)")]
    [DataRow(3, 2, 3, 5, 4, 6, 3, DisplayName = "6x6 stride 3 same, non-square")]
    public void ConvTranspose2dMatchesNaiveAndIsTheAdjointOfConv(int n, int cin, int cout, int h, int w, int k, int stride)
    {
        var g = ConvGeometry.ForTransposed(cout, h, w, k, stride, Padding.Same);
        var x = TestData.Random([n, cin, h, w], 5).Data;
        var wt = TestData.Random([cin, cout, k, k], 6).Data;
        var b = TestData.Random([cout], 7).Data;
        var dy = TestData.Random([n, cout, g.Height, g.Width], 8).Data;
        var forward = TransposedForward(x, wt, b, n, cin, g);
        var expectedDx = TransposedInputGradient(dy, wt, n, cin, g);
        var expectedDw = TransposedWeightGradient(dy, wt, x, n, cin, g);
        KernelPaths.Each((path, kernels) =>
        {
            var y = new float[n * cout * g.InPixels];
            ConvTranspose2dKernels.Forward(kernels, x, wt, b, n, cin, g, y);
            forward.Check(y, $"{path}: forward");
            AssertFusedLeakyRelu(forward, fused => ConvTranspose2dKernels.Forward(kernels, x, wt, b, n, cin, g, fused, Slope), $"{path}: forward + LeakyReLU");

            float[] dx = Ones(x.Length), dw = Ones(wt.Length), db = new float[cout];
            ConvTranspose2dKernels.Backward(kernels, x, wt, dy, n, cin, g, dx, dw, db);
            expectedDx.Check(dx, $"{path}: dx");
            expectedDw.Check(dw, $"{path}: dw");
        });
    }

    [TestMethod]
    [DataRow(3, 5, 4, 9, 9, 7, DisplayName = "stride 1, 7×7 same (the generator's output layer shape)")]
    [DataRow(2, 3, 2, 6, 5, 3, DisplayName = "stride 1, 3×3 same, non-square")]
    public void TransposedStrideOneMatchesNaive(int n, int cin, int cout, int h, int w, int k)
    {
        var g = ConvGeometry.ForTransposed(cout, h, w, k, 1, Padding.Same);
        Assert.IsFalse(ConvTransposePhases.Applies(g));
        var x = TestData.Random([n, cin, h, w], 21).Data;
        var wt = TestData.Random([cin, cout, k, k], 22).Data;
        var b = TestData.Random([cout], 23).Data;
        var forward = TransposedForward(x, wt, b, n, cin, g);
        KernelPaths.Each((path, kernels) =>
        {
            var y = new float[n * cout * g.InPixels];
            ConvTranspose2dKernels.Forward(kernels, x, wt, b, n, cin, g, y);
            forward.Check(y, $"{path}: forward");
            AssertFusedLeakyRelu(forward, fused => ConvTranspose2dKernels.Forward(kernels, x, wt, b, n, cin, g, fused, Slope), $"{path}: forward + LeakyReLU");
        });
    }

    [TestMethod]
    [DataRow(4, 2, -1, 5, 3, DisplayName = "4x4 stride 2 same")]
    [DataRow(4, 2, 0, 3, 4, DisplayName = "4x4 stride 2 valid")]
    [DataRow(4, 2, 1, 4, 4, DisplayName = "4x4 stride 2 pad 1")]
    [DataRow(6, 3, -1, 3, 4, DisplayName = "6x6 stride 3 same")]
    [DataRow(2, 2, 0, 4, 3, DisplayName = "2x2 stride 2 valid")]
    public void PhaseSplitMatchesCol2Im(int k, int stride, int pad, int h, int w)
    {
        var padding = pad < 0 ? Padding.Same : Padding.Of(pad);
        var g = ConvGeometry.ForTransposed(3, h, w, k, stride, padding);
        Assert.IsTrue(ConvTransposePhases.Applies(g));
        var x = TestData.Random([2, 4, h, w], 9).Data;
        var wt = TestData.Random([4, 3, k, k], 10).Data;
        var b = TestData.Random([3], 11).Data;
        float[] split = new float[2 * 3 * g.InPixels], byCol2Im = new float[split.Length];
        ConvTransposePhases.Forward(KernelPaths.Managed, x, wt, b, 2, 4, g, split);
        ConvTranspose2dKernels.ForwardByCol2Im(KernelPaths.Im2Col, x, wt, b, 2, 4, g, byCol2Im);
        var forward = TransposedForward(x, wt, b, 2, 4, g);
        forward.Check(byCol2Im, "col2im");
        forward.Check(split, "phase split");
    }

    [TestMethod]
    [DataRow(2, 3, -1, 4, 6, DisplayName = "same, 4×6 → 8×12 (even phases)")]
    [DataRow(2, 3, -1, 3, 5, DisplayName = "same, 3×5 → 6×10 (odd phases: half-padding tiles)")]
    [DataRow(2, 3, 0, 3, 5, DisplayName = "valid, 3×5 → 8×12")]
    [DataRow(2, 3, 1, 4, 3, DisplayName = "pad 1, 4×3 → 8×6")]
    [DataRow(33, 8, -1, 22, 36, DisplayName = "two chunks of images (32 + 1 at 22×36 → 44×72)")]
    [DataRow(363, 1, -1, 22, 36, DisplayName = "gradients in two chunks (dx alone 362 + 1, with dW 336 + 27)")]
    public void WinogradMatchesNaive(int n, int channels, int pad, int h, int w)
    {
        var g = ConvGeometry.ForTransposed(channels + 2, h, w, 4, 2, pad < 0 ? Padding.Same : Padding.Of(pad));
        Assert.IsTrue(ConvTranspose2dWinograd.Applies(g, channels));
        var x = TestData.Random([n, channels, h, w], 31).Data;
        var wt = TestData.Random([channels, g.Channels, 4, 4], 32).Data;
        var b = TestData.Random([g.Channels], 33).Data;

        // The forward on the suite's provider and on the managed one both ways: transforms written as the GEMMs'
        // packed panels (tile rows of 3 take the lane-by-lane loads, of 18 the one- and two-run ones) and plain.
        var forward = TransposedForward(x, wt, b, n, channels, g);
        foreach (var kernels in new[] { KernelOptions.Current, KernelPaths.Winograd, KernelPaths.Winograd with { WinogradPacked = false } })
        {
            var y = new float[n * g.Channels * g.InPixels];
            Array.Fill(y, float.NaN); // every output is written, none accumulated
            ConvTranspose2dWinograd.Forward(kernels, x, wt, b, n, channels, g, y, null);
            forward.Check(y, $"winograd on {kernels}");
            AssertFusedLeakyRelu(forward, fused => ConvTranspose2dWinograd.Forward(kernels, x, wt, b, n, channels, g, fused, Slope), "winograd + LeakyReLU");
        }

        // The input gradient is the forward convolution of dy with the same weights, added onto dx; the weight
        // gradient x ⋆ dy, added onto dWeight. Each alone, and both from one copy of dy.
        var dy = TestData.Random([n, g.Channels, g.Height, g.Width], 34).Data;
        var expectedDx = TransposedInputGradient(dy, wt, n, channels, g);
        var expectedDw = TransposedWeightGradient(dy, wt, x, n, channels, g);
        float[] dx = Ones(x.Length), dw = Ones(wt.Length);
        ConvTranspose2dWinogradGrad.Backward(BlasSelect.Current, x, wt, dy, n, channels, g, dx, null);
        expectedDx.Check(dx, "winograd dx alone");
        ConvTranspose2dWinogradGrad.Backward(BlasSelect.Current, x, wt, dy, n, channels, g, null, dw);
        expectedDw.Check(dw, "winograd dW alone");
        (dx, dw) = (Ones(x.Length), Ones(wt.Length));
        ConvTranspose2dWinogradGrad.Backward(BlasSelect.Current, x, wt, dy, n, channels, g, dx, dw);
        expectedDx.Check(dx, "winograd dx with dW");
        expectedDw.Check(dw, "winograd dW with dx");
    }

    /// <summary>Winograd's GEMMs go through the provider (the forward's batch: the default one-by-one loop on native providers).</summary>
    [TestMethod]
    [DataRow("managed")]
    [DataRow("openblas")]
    [DataRow("mkl")]
    public void WinogradMatchesNaiveOnEveryProvider(string name)
    {
        var kernels = KernelOptions.For(BlasTestProviders.Get(name));
        var g = ConvGeometry.ForTransposed(12, 6, 8, 4, 2, Padding.Same);
        Assert.IsTrue(ConvTranspose2dWinograd.Chosen(g, 10));
        var x = TestData.Random([3, 10, 6, 8], 41).Data;
        var wt = TestData.Random([10, 12, 4, 4], 42).Data;
        var b = TestData.Random([12], 43).Data;
        var y = new float[3 * 12 * g.InPixels];
        ConvTranspose2dKernels.Forward(kernels, x, wt, b, 3, 10, g, y);
        TransposedForward(x, wt, b, 3, 10, g).Check(y, name);
        var dy = TestData.Random([3, 12, g.Height, g.Width], 44).Data;
        float[] dx = Ones(x.Length), dw = Ones(wt.Length);
        ConvTranspose2dKernels.Backward(kernels, x, wt, dy, 3, 10, g, dx, dw, null);
        TransposedInputGradient(dy, wt, 3, 10, g).Check(dx, $"{name}: dx");
        TransposedWeightGradient(dy, wt, x, 3, 10, g).Check(dw, $"{name}: dw");
    }

    /// <summary>
    /// A transposed conv's backward through its fused LeakyReLU — on the Winograd path the gate is applied while dy is
    /// copied and the bias gradient summed from the copy, elsewhere through a scratch gradient — against the
    /// reference gradients of the masked dy, accumulated onto ones.
    /// </summary>
    [TestMethod]
    [DataRow(2, 3, 4, 6, DisplayName = "Winograd: 4×6 → 8×12")]
    [DataRow(2, 3, 3, 5, DisplayName = "scratch path: 3×5 → 6×10 (odd phases)")]
    [DataRow(337, 1, 22, 36, DisplayName = "Winograd in two chunks (336 + 1)")]
    public void BackwardThroughLeakyReluMatchesTheMaskedReference(int n, int channels, int h, int w)
    {
        var g = ConvGeometry.ForTransposed(channels + 2, h, w, 4, 2, Padding.Same);
        var x = TestData.Random([n, channels, h, w], 61).Data;
        var wt = TestData.Random([channels, g.Channels, 4, 4], 62).Data;
        var y = TestData.Random([n, g.Channels, g.Height, g.Width], 63).Data;
        var dy = TestData.Random([n, g.Channels, g.Height, g.Width], 64).Data;
        var dz = new float[dy.Length];
        for (var i = 0; i < dz.Length; i++)
        {
            dz[i] = y[i] > 0 ? dy[i] : Slope * dy[i];
        }

        var bias = ErrorBound.Of(n * g.InPixels, a => ChannelSums(a[0], g.Channels, g.InPixels), dz).PlusOne();
        float[] dx = Ones(x.Length), dw = Ones(wt.Length), db = Ones(g.Channels);
        ConvTranspose2dKernels.BackwardThroughLeakyRelu(KernelOptions.Current, x, wt, y, dy, Slope, n, channels, g, dx, dw, db);
        TransposedInputGradient(dz, wt, n, channels, g).Check(dx, "dx");
        TransposedWeightGradient(dz, wt, x, n, channels, g).Check(dw, "dW");
        bias.Check(db, "dBias");
    }

    private static double[] ChannelSums(float[] values, int channels, int pixels)
    {
        var sums = new double[channels];
        for (var i = 0; i < values.Length; i++)
        {
            sums[i / pixels % channels] += values[i];
        }

        return sums;
    }

    /// <summary>The generator's 14→28 shape (channels cut down): the Winograd weight gradient and the direct kernels' agree.</summary>
    [TestMethod]
    public void WinogradWeightGradientAgreesWithTheDirectKernels()
    {
        var g = ConvGeometry.ForTransposed(6, 14, 14, 4, 2, Padding.Same);
        var x = TestData.Random([5, 4, 14, 14], 51).Data;
        var wt = TestData.Random([4, 6, 4, 4], 52).Data;
        var dy = TestData.Random([5, 6, 28, 28], 53).Data;
        var byPath = new Dictionary<bool, float[]>();
        foreach (var winograd in new[] { true, false })
        {
            byPath[winograd] = Ones(wt.Length);
            ConvTranspose2dKernels.Backward(KernelOptions.Current with { WinogradWeightGrad = winograd }, x, wt, dy, 5, 4, g, null, byPath[winograd], null);
        }

        var expected = TransposedWeightGradient(dy, wt, x, 5, 4, g);
        expected.Check(byPath[false], "direct dW");
        expected.Check(byPath[true], "winograd dW");
    }

    [TestMethod]
    public void WinogradIsChosenOnlyWithoutPaddingTiles()
    {
        Assert.IsTrue(ConvTranspose2dWinograd.Chosen(ConvGeometry.ForTransposed(128, 14, 14, 4, 2, Padding.Same), 128));
        Assert.IsFalse(ConvTranspose2dWinograd.Chosen(ConvGeometry.ForTransposed(128, 7, 7, 4, 2, Padding.Same), 128));
        Assert.IsFalse(ConvTranspose2dWinograd.Applies(ConvGeometry.ForTransposed(4, 3, 4, 6, 3, Padding.Same), 2));
        Assert.IsFalse(ConvTranspose2dWinograd.Applies(ConvGeometry.ForTransposed(4, 4, 4, 4, 2, Padding.Of(3)), 2));
    }

    [TestMethod]
    public void KerasSamePaddingGeometry()
    {
        // tf.nn.conv2d SAME: 28→14 and 14→7 with 3×3 at stride 2 pad 0 on top/left and 1 at the bottom/right.
        var g1 = ConvGeometry.ForConv(1, 28, 28, 3, 2, Padding.Same);
        Assert.AreEqual((14, 14, 0, 0), (g1.OutHeight, g1.OutWidth, g1.PadTop, g1.PadLeft));
        var g2 = ConvGeometry.ForConv(128, 14, 14, 3, 2, Padding.Same);
        Assert.AreEqual((7, 7, 0, 0), (g2.OutHeight, g2.OutWidth, g2.PadTop, g2.PadLeft));

        // The bottom row of padding is real: output row 13 reads input rows 26, 27 and the padded 28.
        Assert.AreEqual(28, (13 * 2) + 2 - g1.PadTop);

        // Conv2DTranspose(4×4, stride 2, same): 7→14→28 with one row of padding on each side.
        var t1 = ConvGeometry.ForTransposed(128, 7, 7, 4, 2, Padding.Same);
        Assert.AreEqual((14, 14, 1, 1), (t1.Height, t1.Width, t1.PadTop, t1.PadLeft));
        var t2 = ConvGeometry.ForTransposed(128, 14, 14, 4, 2, Padding.Same);
        Assert.AreEqual((28, 28, 1), (t2.Height, t2.Width, t2.PadTop));

        // The generator's 7×7 'same' output conv keeps 28×28 with 3 on every side.
        var o = ConvGeometry.ForConv(128, 28, 28, 7, 1, Padding.Same);
        Assert.AreEqual((28, 3), (o.OutHeight, o.PadTop));
    }

    [TestMethod]
    public void ComparisonRejectsAWrongValue()
    {
        var reference = new ErrorBound([1, 2, 3], [1, 2, 3], 1);
        reference.Check([1f, 2f, 3f], "exact");
        Assert.Throws<AssertFailedException>(() => reference.Check([1f, 2f, 3.01f], "corrupted"));
    }

    /// <summary>
    /// The error bound still bites on the longest sums of the suite (287,496 terms per weight): a weight gradient
    /// that misses the last of 363 images fails it.
    /// </summary>
    [TestMethod]
    public void BoundRejectsAWeightGradientMissingOneImage()
    {
        const int n = 363;
        var g = ConvGeometry.ForTransposed(3, 22, 36, 4, 2, Padding.Same);
        var x = TestData.Random([n, 1, 22, 36], 31).Data;
        var wt = TestData.Random([1, 3, 4, 4], 32).Data;
        var dy = TestData.Random([n, 3, g.Height, g.Width], 34).Data;
        var dw = Ones(wt.Length);
        ConvTranspose2dKernels.Backward(KernelOptions.Current, x, wt, dy, n, 1, g, null, dw, null);
        TransposedWeightGradient(dy, wt, x, n, 1, g).Check(dw, "all images");
        var missing = TransposedWeightGradient(dy[..((n - 1) * dy.Length / n)], wt, x[..((n - 1) * x.Length / n)], n - 1, 1, g);
        Assert.Throws<AssertFailedException>(() => missing.Check(dw, "one image missing"));
    }

    private const float Slope = 0.2f;

    /// <summary>
    /// A forward pass with LeakyReLU(Slope) fused into its store against the float64 reference put through
    /// LeakyReLU: every output written (NaN before), the activation applied once, after the whole sum (a kernel
    /// that activates each k-block or phase partial sum fails wherever partial sums change sign).
    /// </summary>
    internal static void AssertFusedLeakyRelu(ErrorBound reference, Action<float[]> fusedForward, string what)
    {
        var y = Enumerable.Repeat(float.NaN, reference.Values.Length).ToArray();
        fusedForward(y);
        Assert.IsTrue(reference.Values.Any(v => v < 0) && reference.Values.Any(v => v > 0), $"{what}: the case needs outputs of both signs");
        reference.Map(v => v > 0 ? v : Slope * v).Check(y, what);
    }

    internal static void AssertClose(double[] expected, float[] actual, string what, double atol = 1e-4, double rtol = 1e-4)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = atol + (rtol * Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= allowed))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:G8}, got {actual[i]:G8} (allowed ±{allowed:G3})");
            }
        }
    }
}
