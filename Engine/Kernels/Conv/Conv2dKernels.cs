using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The convolution family's dispatch. Paths, the condition for each, and the test that covers it:
/// <list type="bullet">
/// <item>in place (<see cref="Conv2dInPlace"/>): <see cref="KernelOptions.InPlace"/> on a provider with an offset
/// GEMM — GEMMs read im2col from a padded copy of x; ConvKernelTests.Conv2dMatchesNaive, path "in place".</item>
/// <item>input gradient by phases (<see cref="Conv2dInputGradPhases"/>): in place, stride 2 and at least a tile's
/// rows of input channels; the same test's "by phases" rows.</item>
/// <item>im2col (this file): otherwise, every provider — im2col + one GEMM per chunk of images, the chunk's columns
/// side by side, so the GEMM is W[OC, C·K·K] · col[C·K·K, B·OH·OW] instead of B thin products;
/// ConvKernelTests.Conv2dMatchesNaive, path "im2col".</item>
/// </list>
/// </summary>
public static class Conv2dKernels
{
    // x [N, C, H, W], weight [OC, C·K·K], bias [OC] or empty → y [N, OC, OH, OW]; with leakySlope y goes through
    // LeakyReLU where it is stored (a fused activation, see Functional.Conv2d).
    public static void Forward(KernelOptions kernels, float[] x, float[] weight, ReadOnlySpan<float> bias, int n, int outChannels, ConvGeometry g, float[] y, float? leakySlope = null)
    {
        if (kernels.OffsetGemm is { } gemm)
        {
            Conv2dInPlace.Forward(gemm, x, weight, bias, n, outChannels, g, y, leakySlope);
            return;
        }

        int rows = g.ColRows, outP = g.OutPixels, inSize = g.Channels * g.InPixels;
        var chunk = Workspace.ChunkImages(n, rows * outP);
        var col = Workspace.Rent(rows * chunk * outP);
        var yc = Workspace.Rent(outChannels * chunk * outP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), ld = b * outP, first = n0;
            using (Profiler.Measure(g, static g => $"  im2col k{g.Kernel} s{g.Stride} {g.Height}×{g.Width}→{g.OutHeight}×{g.OutWidth}"))
            {
                Parts.For(b, i => Im2Col.Forward(x.AsSpan((first + i) * inSize, inSize), g, col, ld, i * outP));
            }

            Gemm.Run(kernels.Provider, false, false, outChannels, ld, rows, 1f, weight, rows, col, ld, 0f, yc, ld);
            using (Profiler.Measure("  layout"))
            {
                Layout.FromChannelMajor(yc, bias, b, outChannels, outP, y.AsSpan(n0 * outChannels * outP), leakySlope);
            }
        }

        Workspace.Return(col);
        Workspace.Return(yc);
    }

    // dy [N, OC, OH, OW] → dx [N, C, H, W] (+=), dWeight [OC, C·K·K] (+=), dBias [OC] (+=); a null target is skipped.
    public static void Backward(KernelOptions kernels, float[] x, float[] weight, float[] dy, int n, int outChannels, ConvGeometry g, float[]? dx, float[]? dWeight, float[]? dBias)
    {
        int rows = g.ColRows, outP = g.OutPixels, inSize = g.Channels * g.InPixels;
        if (dBias is not null)
        {
            Layout.AddChannelSums(dy, n, outChannels, outP, dBias);
        }

        if (dx is null && dWeight is null)
        {
            return;
        }

        if (kernels.OffsetGemm is { } gemm)
        {
            if (dWeight is not null)
            {
                Conv2dInPlace.WeightGrad(gemm, x, dy, n, outChannels, g, dWeight);
            }

            if (dx is not null)
            {
                Conv2dInPlace.InputGrad(gemm, weight, dy, n, outChannels, g, dx);
            }

            return;
        }

        var chunk = Workspace.ChunkImages(n, rows * outP);
        var col = Workspace.Rent(rows * chunk * outP);
        var dyc = Workspace.Rent(outChannels * chunk * outP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), ld = b * outP, first = n0;
            using (Profiler.Measure("  layout"))
            {
                Layout.ToChannelMajor(dy.AsSpan(n0 * outChannels * outP), b, outChannels, outP, dyc);
            }

            if (dWeight is not null)
            {
                // The columns are rebuilt rather than kept from the forward pass: cheaper in memory than in time.
                using (Profiler.Measure(g, static g => $"  im2col k{g.Kernel} s{g.Stride} {g.Height}×{g.Width}→{g.OutHeight}×{g.OutWidth}"))
                {
                    Parts.For(b, i => Im2Col.Forward(x.AsSpan((first + i) * inSize, inSize), g, col, ld, i * outP));
                }

                Gemm.Run(kernels.Provider, false, true, outChannels, rows, ld, 1f, dyc, ld, col, ld, 1f, dWeight, rows);
            }

            if (dx is not null)
            {
                Gemm.Run(kernels.Provider, true, false, rows, ld, outChannels, 1f, weight, rows, dyc, ld, 0f, col, ld);
                using (Profiler.Measure("  col2im"))
                {
                    Parts.For(b, i => Im2Col.Backward(col, ld, i * outP, g, dx.AsSpan((first + i) * inSize, inSize)));
                }
            }
        }

        Workspace.Return(col);
        Workspace.Return(dyc);
    }
}
