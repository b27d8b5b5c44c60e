using Ssgan.Engine.Blas;
using static Ssgan.Engine.Kernels.OffsetTables;
using static Ssgan.Engine.Kernels.Workspace;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// <see cref="ConvTranspose2dKernels"/> for a provider with <see cref="IOffsetGemm"/>. A stride-divides-kernel
/// layer runs the phase split of <see cref="ConvTransposePhases"/>, each phase's GEMM reading im2col in place from
/// a zero-bordered copy of the input. Its results still go through dense buffers and one interleaving pass: storing
/// tiles straight into the stride-2 output positions measured 2× slower GEMMs (68 vs 144 GFLOPS at
/// 128×3920×512), far more than the pass costs. Other geometries compute
/// Wᵀ·x with x read in place, then col2im. The backward pass is the forward convolution's, with the roles swapped.
/// </summary>
internal static class ConvTranspose2dInPlace
{
    // x [N, Cin, g.OutHeight, g.OutWidth], weight [Cin, Cout·K·K], bias [Cout] or null → y [N, Cout, g.Height, g.Width]
    // through LeakyReLU with leakySlope
    public static void ForwardPhases(IOffsetGemm gemm, float[] x, float[] weight, float[]? bias, int n, int inChannels, ConvGeometry g, float[] y, float? leakySlope)
    {
        var slope = leakySlope ?? 1f;
        int s = g.Stride, taps = g.Kernel / s, rows = inChannels * taps * taps, phases = s * s;
        int inSize = inChannels * g.OutPixels, outSize = g.Channels * g.InPixels, wSize = g.Channels * rows;
        var geometry = new ConvGeometry[phases];
        var weights = Rent(phases * wSize);
        int top = 0, left = 0, height = 0, width = 0, most = 0;
        ConvTransposePhases.AllPhaseWeights(weight, inChannels, g, weights);
        for (var p = 0; p < phases; p++)
        {
            geometry[p] = ConvTransposePhases.PhaseGeometry(g, inChannels, p / s, p % s, out _, out _);
            (top, left) = (Math.Max(top, geometry[p].PadTop), Math.Max(left, geometry[p].PadLeft));
            most = Math.Max(most, geometry[p].OutPixels);
        }

        foreach (var pg in geometry)
        {
            // The last tap of the last output row/column, shifted by the shared margin.
            height = Math.Max(height, pg.OutHeight + taps - 1 - pg.PadTop + top);
            width = Math.Max(width, pg.OutWidth + taps - 1 - pg.PadLeft + left);
        }

        var pad = new PaddedImages(inChannels, top, left, Math.Max(height, g.OutHeight + top), Math.Max(width, g.OutWidth + left));
        var chunk = ChunkImages(n, pad.ImageSize, PaddedChunkFloats);
        var padded = Rent(chunk * pad.ImageSize);
        var phaseSize = g.Channels * chunk * most;
        var yc = Rent(phases * phaseSize);
        var ints = RentInts((3 * g.Channels) + (2 * rows) + (2 * chunk * most));
        var free = ints.AsSpan();
        Span<int> wRows = Strided(Take(ref free, g.Channels), g.Channels, rows), wCols = Strided(Take(ref free, rows), rows, 1);
        var tapRows = pad.Taps(Take(ref free, rows), taps);
        Span<int> ycRows = Take(ref free, g.Channels), patchTable = Take(ref free, chunk * most), outTable = Take(ref free, chunk * most);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            var b = Math.Min(chunk, n - n0);
            var src = pad.Source(x.AsSpan(n0 * inSize, b * inSize), b, g.OutHeight, g.OutWidth, padded);
            for (var p = 0; p < phases; p++)
            {
                var pg = geometry[p];
                if (pg.OutPixels == 0)
                {
                    continue;
                }

                var ld = b * pg.OutPixels;
                var patches = Grid(patchTable, b, pad.ImageSize, pg.OutHeight, pg.OutWidth, 1, 1, top - pg.PadTop, left - pg.PadLeft, pad.Width);
                var w = new OffsetMatrix(weights.AsSpan(p * wSize, wSize), wRows, wCols);
                var dense = new OffsetMatrix(yc.AsSpan(p * phaseSize, phaseSize), Strided(ycRows, g.Channels, ld), Strided(outTable, ld, 1));
                Gemm.Run(gemm, w, new OffsetMatrix(src, tapRows, patches), 0f, dense);
            }

            ConvTransposePhases.Interleave(yc, phaseSize, geometry, b, bias, slope, g, y.AsSpan(n0 * outSize, b * outSize));
        }

        Return(ints);
        Return(yc);
        Return(padded);
        Return(weights);
    }

    // x [N, Cin, g.OutHeight, g.OutWidth] → y [N, Cout, g.Height, g.Width]: columns Wᵀ·x with x read in place, then col2im.
    public static void ForwardByCol2Im(IOffsetGemm gemm, float[] x, float[] weight, float[]? bias, int n, int inChannels, ConvGeometry g, float[] y)
    {
        var outSize = g.Channels * g.InPixels;
        Conv2dInPlace.Columns(gemm, x, weight, n, inChannels, g, (col, ld, first, b) => ConvTranspose2dKernels.Fold(col, ld, bias, b, g, y.AsSpan(first * outSize, b * outSize)));
    }

    // dy [N, Cout, g.Height, g.Width] → dx (+=) = conv(dy, W) and dWeight (+=) = x ⋆ im2col(dy): the forward
    // convolution's kernels with x and dy swapped.
    public static void Backward(IOffsetGemm gemm, float[] x, float[] weight, float[] dy, int n, int inChannels, ConvGeometry g, float[]? dx, float[]? dWeight)
    {
        // Two passes, so the weight gradient reads its own unsplit copy (see Conv2dInPlace.Products) rather than one
        // split copy shared with dx.
        if (dx is not null)
        {
            Conv2dInPlace.Products(gemm, dy, n, inChannels, g, weight, [], dx, 1f, null, null);
        }

        if (dWeight is not null)
        {
            Conv2dInPlace.Products(gemm, dy, n, inChannels, g, null, [], null, 0f, x, dWeight);
        }
    }
}
