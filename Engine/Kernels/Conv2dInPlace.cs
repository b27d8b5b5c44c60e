using Ssgan.Engine.Blas;
using static Ssgan.Engine.Kernels.OffsetTables;
using static Ssgan.Engine.Kernels.Workspace;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// <see cref="Conv2dKernels"/> for a provider with <see cref="IOffsetGemm"/>: the GEMMs read im2col straight from
/// a zero-bordered copy of the input and read/write NCHW tensors in place, so the only scratch is that copy (and the
/// column matrix of the input gradient, which col2im still folds back).
/// </summary>
internal static class Conv2dInPlace
{
    // x [N, C, H, W], weight [OC, C·K·K], bias [OC] or empty → y [N, OC, OH, OW] (= or, with beta 1, +=)
    public static void Forward(IOffsetGemm gemm, float[] x, float[] weight, ReadOnlySpan<float> bias, int n, int outChannels, ConvGeometry g, float[] y, float beta = 0f)
    {
        int rows = g.ColRows, outP = g.OutPixels, inSize = g.Channels * g.InPixels, outSize = outChannels * outP;
        var pad = PaddedImages.For(g);
        var chunk = ChunkImages(n, pad.ImageSize);
        var padded = pad.IsIdentity(g.Height, g.Width) ? null : Rent(chunk * pad.ImageSize);
        var ints = RentInts((2 * outChannels) + (3 * rows) + (2 * chunk * outP));
        var free = ints.AsSpan();
        var w = new OffsetMatrix(weight, Strided(Take(ref free, outChannels), outChannels, rows), Strided(Take(ref free, rows), rows, 1));
        var taps = Taps(Take(ref free, rows), g.Channels, g.Kernel, pad.Height * pad.Width, pad.Width);
        var yRows = Strided(Take(ref free, outChannels), outChannels, outP);
        Span<int> patchTable = Take(ref free, chunk * outP), pixelTable = Take(ref free, chunk * outP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            var b = Math.Min(chunk, n - n0);
            var src = pad.Source(x.AsSpan(n0 * inSize, b * inSize), b, g.Height, g.Width, padded);
            var patches = Grid(patchTable, b, pad.ImageSize, g.OutHeight, g.OutWidth, g.Stride, g.Stride, 0, 0, pad.Width);
            var pixels = Pixels(pixelTable, b, outSize, outP);
            Gemm.Run(gemm, w, new OffsetMatrix(src, taps, patches), beta, new OffsetMatrix(y.AsSpan(n0 * outSize, b * outSize), yRows, pixels), bias);
        }

        Return(ints);
        if (padded is not null)
        {
            Return(padded);
        }
    }

    // dy [N, OC, OH, OW] → dWeight [OC, C·K·K] (+=): dy as channel-major [OC, N·OH·OW] times im2col(x)ᵀ.
    public static void WeightGrad(IOffsetGemm gemm, float[] x, float[] dy, int n, int outChannels, ConvGeometry g, float[] dWeight)
    {
        int rows = g.ColRows, outP = g.OutPixels, inSize = g.Channels * g.InPixels, outSize = outChannels * outP;
        var pad = PaddedImages.For(g);
        var chunk = ChunkImages(n, pad.ImageSize);
        var padded = pad.IsIdentity(g.Height, g.Width) ? null : Rent(chunk * pad.ImageSize);
        var ints = RentInts((2 * outChannels) + (2 * rows) + (2 * chunk * outP));
        var free = ints.AsSpan();
        var dw = new OffsetMatrix(dWeight, Strided(Take(ref free, outChannels), outChannels, rows), Strided(Take(ref free, rows), rows, 1));
        var taps = Taps(Take(ref free, rows), g.Channels, g.Kernel, pad.Height * pad.Width, pad.Width);
        var dyRows = Strided(Take(ref free, outChannels), outChannels, outP);
        Span<int> patchTable = Take(ref free, chunk * outP), pixelTable = Take(ref free, chunk * outP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            var b = Math.Min(chunk, n - n0);
            var src = pad.Source(x.AsSpan(n0 * inSize, b * inSize), b, g.Height, g.Width, padded);
            var patches = Grid(patchTable, b, pad.ImageSize, g.OutHeight, g.OutWidth, g.Stride, g.Stride, 0, 0, pad.Width);
            var pixels = Pixels(pixelTable, b, outSize, outP);
            var a = new OffsetMatrix(dy.AsSpan(n0 * outSize, b * outSize), dyRows, pixels);
            Gemm.Run(gemm, a, new OffsetMatrix(src, patches, taps), 1f, dw);
        }

        Return(ints);
        if (padded is not null)
        {
            Return(padded);
        }
    }

    // dy [N, OC, OH, OW] → dx [N, C, H, W] (+=): columns Wᵀ·dy with dy read in place, folded back by col2im.
    public static void InputGrad(IOffsetGemm gemm, float[] weight, float[] dy, int n, int outChannels, ConvGeometry g, float[] dx)
    {
        int rows = g.ColRows, outP = g.OutPixels, inSize = g.Channels * g.InPixels, outSize = outChannels * outP;
        var chunk = ChunkImages(n, rows * outP);
        var col = Rent(rows * chunk * outP);
        var ints = RentInts((2 * rows) + (2 * outChannels) + (2 * chunk * outP));
        var free = ints.AsSpan();
        var wt = new OffsetMatrix(weight, Strided(Take(ref free, rows), rows, 1), Strided(Take(ref free, outChannels), outChannels, rows));
        var dyRows = Strided(Take(ref free, outChannels), outChannels, outP);
        Span<int> colRows = Take(ref free, rows), pixelTable = Take(ref free, chunk * outP), colTable = Take(ref free, chunk * outP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), ld = b * outP, first = n0;
            var grads = new OffsetMatrix(dy.AsSpan(n0 * outSize, b * outSize), dyRows, Pixels(pixelTable, b, outSize, outP));
            Gemm.Run(gemm, wt, grads, 0f, new OffsetMatrix(col, Strided(colRows, rows, ld), Strided(colTable, ld, 1)));
            using (Autograd.Profiler.Measure("  col2im"))
            {
                Parallel.For(0, b, i => Im2Col.Backward(col, ld, i * outP, g, dx.AsSpan((first + i) * inSize, inSize)));
            }
        }

        Return(ints);
        Return(col);
    }
}
