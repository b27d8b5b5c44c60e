using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>
/// The padded (and, for strided convolutions, phase-split) copy the in-place GEMMs read: its tap and patch tables
/// must address exactly the im2col matrix of the reference kernel, zeros of the padding included.
/// </summary>
[TestClass]
public sealed class PaddedImagesTests
{
    [TestMethod]
    [DataRow(3, 14, 14, 3, 2, DisplayName = "3×3 stride 2 same, 14×14 (the discriminator's second conv)")]
    [DataRow(2, 28, 28, 4, 2, DisplayName = "4×4 stride 2 same, 28×28 (a transposed conv's backward, pad 1 on the left)")]
    [DataRow(2, 7, 7, 3, 2, DisplayName = "3×3 stride 2 same, 7×7")]
    [DataRow(2, 9, 11, 5, 3, DisplayName = "5×5 stride 3 same, non-square")]
    [DataRow(2, 28, 28, 7, 1, DisplayName = "7×7 stride 1 same")]
    public void TablesAddressTheIm2ColMatrix(int channels, int height, int width, int kernel, int stride)
    {
        const int Images = 3;
        var g = ConvGeometry.ForConv(channels, height, width, kernel, stride, Padding.Same);
        var x = TestData.Random([Images, channels, height, width], 31).Data;
        var pad = PaddedImages.For(g);
        Assert.AreEqual(stride, pad.Split);
        var padded = new float[Images * pad.ImageSize];
        Array.Fill(padded, float.NaN); // every position the tables reach must be written: data or zero
        pad.Copy(x, Images, height, width, padded);

        var taps = pad.Taps(new int[g.ColRows], kernel).ToArray();
        var patches = pad.Patches(new int[Images * g.OutPixels], Images, g.OutHeight, g.OutWidth, stride).ToArray();
        var col = new float[g.ColRows * Images * g.OutPixels];
        var ld = Images * g.OutPixels;
        for (var i = 0; i < Images; i++)
        {
            Im2ColReference.Forward(x.AsSpan(i * channels * height * width, channels * height * width), g, col, ld, i * g.OutPixels);
        }

        for (var r = 0; r < taps.Length; r++)
        {
            for (var j = 0; j < patches.Length; j++)
            {
                var got = padded[taps[r] + patches[j]];
                if (got != col[(r * ld) + j])
                {
                    Assert.Fail($"im2col row {r}, column {j}: the tables read {got}, the reference has {col[(r * ld) + j]}");
                }
            }
        }
    }

    /// <summary>
    /// Every float of every copied image is written: the source pixel at its padded, phase-split place, zero
    /// everywhere else — the copy clears only the margins around what it fills, so a margin it missed would keep
    /// the NaN put there first.
    /// </summary>
    [TestMethod]
    [DataRow(1, 0, 0, 15, 15, 14, 14, DisplayName = "unsplit, margin after only")]
    [DataRow(2, 0, 0, 15, 15, 14, 14, DisplayName = "split 2, margin after only (3×3 stride 2 same, 14→7)")]
    [DataRow(2, 1, 1, 16, 16, 14, 14, DisplayName = "split 2, margin of one (Winograd forward)")]
    [DataRow(2, 2, 2, 32, 32, 28, 28, DisplayName = "split 2, margin of two (Winograd input gradient)")]
    [DataRow(3, 1, 2, 13, 14, 9, 11, DisplayName = "split 3, uneven margins, non-square")]
    [DataRow(2, 1, 0, 9, 8, 7, 7, DisplayName = "split 2, odd sizes")]
    [DataRow(1, 0, 1, 1, 4101, 1, 4100, DisplayName = "rows wider than a gated copy stages (plain copy only)")]
    public void CopyWritesEveryFloatOfEveryImage(int split, int top, int left, int height, int width, int h, int w)
    {
        Check(split, top, left, height, width, h, w, gated: false);
        if (w <= 4096)
        {
            Check(split, top, left, height, width, h, w, gated: true);
        }
        else
        {
            var pad = new PaddedImages(2, top, left, height, width, split);
            var e = Assert.ThrowsExactly<ArgumentException>(() => pad.Copy(new float[6 * h * w], 3, h, w, new float[3 * pad.ImageSize], new float[6 * h * w], 0.2f));
            StringAssert.Contains(e.Message, "gated rows ≤ 4096 wide");
        }
    }

    // With gated, the copy multiplies by 1 where a random gate is positive and by 0.2 elsewhere (a LeakyReLU's gradient).
    private static void Check(int split, int top, int left, int height, int width, int h, int w, bool gated)
    {
        const int Images = 3, Channels = 2;
        var pad = new PaddedImages(Channels, top, left, height, width, split);
        var x = TestData.Random([Images, Channels, h, w], 41).Data;
        var gate = TestData.Random([Images, Channels, h, w], 42).Data;
        var expected = new float[Images * pad.ImageSize];
        for (var i = 0; i < Images; i++)
        {
            for (var c = 0; c < Channels; c++)
            {
                for (var r = 0; r < h; r++)
                {
                    for (var q = 0; q < w; q++)
                    {
                        var at = (((i * Channels) + c) * h * w) + (r * w) + q;
                        expected[(i * pad.ImageSize) + pad.Offset(c, r + top, q + left)] = !gated || gate[at] > 0 ? x[at] : 0.2f * x[at];
                    }
                }
            }
        }

        var padded = Enumerable.Repeat(float.NaN, expected.Length + 5).ToArray();
        pad.Copy(x, Images, h, w, padded, gated ? gate : default, 0.2f);
        for (var k = 0; k < expected.Length; k++)
        {
            if (!(padded[k] == expected[k]))
            {
                Assert.Fail($"{(gated ? "gated " : "")}float {k} of the copy (image {k / pad.ImageSize}): {padded[k]}, expected {expected[k]}");
            }
        }

        Assert.IsTrue(padded.Skip(expected.Length).All(float.IsNaN), "nothing written past the images");
    }
}
