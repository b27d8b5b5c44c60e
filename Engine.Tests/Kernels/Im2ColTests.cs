using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Tests.Kernels;

[TestClass]
public sealed class Im2ColTests
{
    // Every geometry of the tutorial's layers and phases, plus odd sizes and both paddings.
    [TestMethod]
    [DataRow(1, 28, 28, 3, 2, -1, DisplayName = "conv1 28→14")]
    [DataRow(3, 14, 14, 3, 2, -1, DisplayName = "conv2 14→7")]
    [DataRow(3, 7, 7, 3, 2, -1, DisplayName = "conv3 7→4")]
    [DataRow(2, 28, 28, 4, 2, -1, DisplayName = "ConvTranspose 14→28 backward (k4 s2)")]
    [DataRow(2, 14, 14, 2, 1, 1, DisplayName = "phase, 2×2 taps, pad 1")]
    [DataRow(2, 28, 28, 7, 1, -1, DisplayName = "7×7 same")]
    [DataRow(3, 5, 6, 3, 1, 0, DisplayName = "valid 5×6")]
    [DataRow(2, 9, 4, 5, 3, 2, DisplayName = "stride 3, pad 2, kernel wider than the image")]
    public void PointerKernelsEqualTheReferenceBitForBit(int c, int h, int w, int k, int stride, int pad) =>
        AssertEqualToReference(ConvGeometry.ForConv(c, h, w, k, stride, pad < 0 ? Padding.Same : Padding.Of(pad)));

    // The sub-pixel phases of ConvTranspose2d use asymmetric pads (ConvTransposePhases builds these directly).
    [TestMethod]
    [DataRow(14, 0, 1)]
    [DataRow(14, 1, 0)]
    [DataRow(7, 1, 1)]
    [DataRow(7, 0, 0)]
    public void PhaseGeometriesWithAsymmetricPads(int size, int padTop, int padLeft) =>
        AssertEqualToReference(new ConvGeometry(3, size, size, 2, 1, padTop, padLeft, size, size));

    [TestMethod]
    public void LargePlanesTakeThePointerLoopsInsteadOfTheStack()
    {
        var g = ConvGeometry.ForConv(1, 200, 200, 3, 1, Padding.Same);
        Assert.IsFalse(Im2ColShifted.Applies(g));
        Assert.IsTrue(Im2ColShifted.Applies(ConvGeometry.ForConv(1, 28, 28, 7, 1, Padding.Same)));
        AssertEqualToReference(g);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Im2ColShifted.Forward(new float[200 * 200], g, new float[9 * 200 * 200], 200 * 200, 0));
        StringAssert.Contains(e.Message, "W 200");
    }

    private static void AssertEqualToReference(ConvGeometry g)
    {
        var (c, h, w) = (g.Channels, g.Height, g.Width);
        var image = TestData.Random([c, h, w], 3).Data;
        const int offset = 5;
        var ld = (g.OutPixels * 2) + offset;
        var fast = new float[g.ColRows * ld];
        var reference = new float[g.ColRows * ld];
        Array.Fill(fast, float.NaN);
        Array.Fill(reference, float.NaN);

        Im2Col.Forward(image, g, fast, ld, offset);
        Im2ColReference.Forward(image, g, reference, ld, offset);
        CollectionAssert.AreEqual(reference, fast, "im2col");

        var col = TestData.Random([g.ColRows * ld], 4).Data;
        var back = TestData.Random([c, h, w], 5).Data;
        var backReference = (float[])back.Clone();
        Im2Col.Backward(col, ld, offset, g, back);
        Im2ColReference.Backward(col, ld, offset, g, backReference);
        CollectionAssert.AreEqual(backReference, back, "col2im");
    }

    [TestMethod]
    public void SpansTooSmallAreRefusedWithTheirSizes()
    {
        var g = ConvGeometry.ForConv(2, 6, 6, 3, 1, Padding.Same);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Im2Col.Forward(new float[72], g, new float[g.ColRows * 36 - 1], 36, 0));
        StringAssert.Contains(e.Message, $"col {(g.ColRows * 36) - 1} (needs {g.ColRows * 36}");
        Assert.ThrowsExactly<ArgumentException>(() => Im2Col.Backward(new float[g.ColRows * 36], 36, 0, g, new float[71]));
    }
}
