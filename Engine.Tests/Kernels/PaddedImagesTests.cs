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
}
