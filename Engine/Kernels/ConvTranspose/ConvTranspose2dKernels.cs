using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The transposed convolution family's dispatch: the adjoint of <see cref="Conv2dKernels"/> with the same geometry
/// <c>g</c>, whose "input" grid is this layer's output ([Cout, g.Height, g.Width]) and whose "output" grid is this
/// layer's input. Paths (the first that applies), their condition and the test that covers each:
/// <list type="bullet">
/// <item>Winograd (Kernels/Winograd): <see cref="KernelOptions.Winograd"/> and
/// <see cref="ConvTranspose2dWinograd.Chosen"/> (4×4 stride 2, even phases: the 14→28 layer) — forward, dx, and dW
/// with <see cref="KernelOptions.WinogradWeightGrad"/>; ConvKernelTests.WinogradMatchesNaive,
/// WinogradWeightGradientAgreesWithTheDirectKernels, and the "winograd" path of KernelPaths.</item>
/// <item>phases in place (<see cref="ConvTranspose2dInPlace.ForwardPhases"/>): an offset GEMM and the stride
/// divides the kernel; ConvKernelTests.ConvTranspose2dMatchesNaiveAndIsTheAdjointOfConv, path "in place".</item>
/// <item>phases (<see cref="ConvTransposePhases"/>): the same geometry without an offset GEMM; path "im2col" and
/// ConvKernelTests.PhaseSplitMatchesCol2Im.</item>
/// <item>col2im in place (<see cref="ConvTranspose2dInPlace.ForwardByCol2Im"/>) or by GEMM + col2im (this file)
/// otherwise: col[Cout·K·K, B·H·W] = Wᵀ · x, each column scattered into the output;
/// ConvKernelTests.TransposedStrideOneMatchesNaive.</item>
/// <item>backward: the convolution's kernels with x and dy swapped (in place) or im2col of dy (this file).</item>
/// </list>
/// </summary>
public static class ConvTranspose2dKernels
{
    // x [N, Cin, g.OutHeight, g.OutWidth], weight [Cin, Cout·K·K], bias [Cout] or null → y [N, Cout, g.Height, g.Width];
    // with leakySlope y goes through LeakyReLU, fused into the pass that writes y where the path has one
    public static void Forward(KernelOptions kernels, float[] x, float[] weight, float[]? bias, int n, int inChannels, ConvGeometry g, float[] y, float? leakySlope = null)
    {
        if (kernels.Winograd && ConvTranspose2dWinograd.Chosen(g, inChannels))
        {
            ConvTranspose2dWinograd.Forward(kernels, x, weight, bias, n, inChannels, g, y, leakySlope);
            return;
        }

        var gemm = kernels.OffsetGemm;
        if (ConvTransposePhases.Applies(g))
        {
            if (gemm is not null)
            {
                ConvTranspose2dInPlace.ForwardPhases(gemm, x, weight, bias, n, inChannels, g, y, leakySlope);
            }
            else
            {
                ConvTransposePhases.Forward(kernels.Provider, x, weight, bias, n, inChannels, g, y, leakySlope);
            }

            return;
        }

        if (gemm is not null)
        {
            ConvTranspose2dInPlace.ForwardByCol2Im(gemm, x, weight, bias, n, inChannels, g, y);
        }
        else
        {
            ForwardByCol2Im(kernels, x, weight, bias, n, inChannels, g, y);
        }

        // col2im adds K² contributions per output: only once all have landed can the activation run.
        if (leakySlope is { } slope)
        {
            var all = y.AsSpan(0, n * g.Channels * g.InPixels);
            ActivationKernels.LeakyReluForwardParallel(all, slope, all);
        }
    }

    // The general formulation, also the reference the phase split is tested against.
    public static void ForwardByCol2Im(KernelOptions kernels, float[] x, float[] weight, float[]? bias, int n, int inChannels, ConvGeometry g, float[] y)
    {
        int rows = g.ColRows, inP = g.OutPixels, outSize = g.Channels * g.InPixels;
        var chunk = Workspace.ChunkImages(n, rows * inP);
        var col = Workspace.Rent(rows * chunk * inP);
        var xc = Workspace.Rent(inChannels * chunk * inP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), ld = b * inP, first = n0;
            using (Profiler.Measure("  layout"))
            {
                Layout.ToChannelMajor(x.AsSpan(n0 * inChannels * inP), b, inChannels, inP, xc);
            }

            Gemm.Run(kernels.Provider, true, false, rows, ld, inChannels, 1f, weight, rows, xc, ld, 0f, col, ld);
            Fold(col, ld, bias, b, g, y.AsSpan(first * outSize, b * outSize));
        }

        Workspace.Return(col);
        Workspace.Return(xc);
    }

    // col [(c, kh, kw), b·P] → y [b, Cout, g.Height, g.Width] = bias + col2im(col), image by image in parallel.
    internal static unsafe void Fold(float[] col, int ld, float[]? bias, int b, ConvGeometry g, Span<float> y)
    {
        int outSize = g.Channels * g.InPixels, inP = g.OutPixels;
        if (y.Length < b * outSize)
        {
            throw new ArgumentException($"col2im: {b} images of {outSize} do not fit {y.Length}");
        }

        using var profile = Profiler.Measure("  col2im");
        fixed (float* py = y)
        {
            nint p = (nint)py;
            Parts.For(b, i =>
            {
                var image = new Span<float>((float*)p + ((nint)i * outSize), outSize);
                for (var c = 0; c < g.Channels; c++)
                {
                    image.Slice(c * g.InPixels, g.InPixels).Fill(bias is null ? 0f : bias[c]);
                }

                Im2Col.Backward(col, ld, i * inP, g, image);
            });
        }
    }

    /// <summary>
    /// <see cref="Backward"/> of a layer whose output went through a fused LeakyReLU: the kernels' gradient is dy
    /// where y &gt; 0 and slope·dy elsewhere. The Winograd path applies that as it copies dy (saving a pass over
    /// dy); the others get it as a scratch gradient first.
    /// </summary>
    // y and dy [N, Cout, g.Height, g.Width] → dx [N, Cin, g.OutHeight, g.OutWidth] (+=), dWeight [Cin, Cout·K·K] (+=), dBias [Cout] (+=)
    public static void BackwardThroughLeakyRelu(
        KernelOptions kernels, float[] x, float[] weight, float[] y, float[] dy, float slope, int n, int inChannels, ConvGeometry g, float[]? dx, float[]? dWeight, float[]? dBias)
    {
        var size = n * g.Channels * g.InPixels;
        if (kernels.Winograd && kernels.WinogradWeightGrad && ConvTranspose2dWinograd.Chosen(g, inChannels) && (dx is not null || dWeight is not null))
        {
            ConvTranspose2dWinogradGrad.Backward(kernels.Provider, x, weight, dy, n, inChannels, g, dx, dWeight, dBias, y, slope);
            return;
        }

        var dz = ActivationKernels.LeakyReluGradScratch(y, dy, size, slope);
        Backward(kernels, x, weight, dz, n, inChannels, g, dx, dWeight, dBias);
        Workspace.Return(dz);
    }

    // dy [N, Cout, g.Height, g.Width] → dx [N, Cin, g.OutHeight, g.OutWidth] (+=), dWeight [Cin, Cout·K·K] (+=), dBias [Cout] (+=)
    public static void Backward(KernelOptions kernels, float[] x, float[] weight, float[] dy, int n, int inChannels, ConvGeometry g, float[]? dx, float[]? dWeight, float[]? dBias)
    {
        int rows = g.ColRows, inP = g.OutPixels, outSize = g.Channels * g.InPixels;
        if (dBias is not null)
        {
            Layout.AddChannelSums(dy, n, g.Channels, g.InPixels, dBias);
        }

        if (kernels.Winograd && ConvTranspose2dWinograd.Chosen(g, inChannels))
        {
            var winogradWeights = kernels.WinogradWeightGrad ? dWeight : null;
            if (dx is not null || winogradWeights is not null)
            {
                ConvTranspose2dWinogradGrad.Backward(kernels.Provider, x, weight, dy, n, inChannels, g, dx, winogradWeights);
            }

            dx = null;
            dWeight = winogradWeights is null ? dWeight : null;
        }

        if (dx is null && dWeight is null)
        {
            return;
        }

        if (kernels.OffsetGemm is { } gemm)
        {
            ConvTranspose2dInPlace.Backward(gemm, x, weight, dy, n, inChannels, g, dx, dWeight);
            return;
        }

        var chunk = Workspace.ChunkImages(n, rows * inP);
        var col = Workspace.Rent(rows * chunk * inP);
        var xc = Workspace.Rent(inChannels * chunk * inP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), ld = b * inP, first = n0;
            using (Profiler.Measure(g, static g => $"  im2col k{g.Kernel} s{g.Stride} {g.Height}×{g.Width}→{g.OutHeight}×{g.OutWidth}"))
            {
                Parts.For(b, i => Im2Col.Forward(dy.AsSpan((first + i) * outSize, outSize), g, col, ld, i * inP));
            }

            if (dx is not null)
            {
                Gemm.Run(kernels.Provider, false, false, inChannels, ld, rows, 1f, weight, rows, col, ld, 0f, xc, ld);
                using (Profiler.Measure("  layout"))
                {
                    Layout.AddFromChannelMajor(xc, b, inChannels, inP, dx.AsSpan(n0 * inChannels * inP));
                }
            }

            if (dWeight is not null)
            {
                using (Profiler.Measure("  layout"))
                {
                    Layout.ToChannelMajor(x.AsSpan(n0 * inChannels * inP), b, inChannels, inP, xc);
                }

                Gemm.Run(kernels.Provider, false, true, inChannels, rows, ld, 1f, xc, ld, col, ld, 1f, dWeight, rows);
            }
        }

        Workspace.Return(col);
        Workspace.Return(xc);
    }
}
