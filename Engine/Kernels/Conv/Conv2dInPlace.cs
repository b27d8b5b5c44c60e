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
    // x [N, C, H, W], weight [OC, C·K·K], bias [OC] or empty → y [N, OC, OH, OW] (=, then LeakyReLU with leakySlope)
    public static void Forward(IOffsetGemm gemm, float[] x, float[] weight, ReadOnlySpan<float> bias, int n, int outChannels, ConvGeometry g, float[] y, float? leakySlope)
        => Products(gemm, x, n, outChannels, g, weight, bias, y, 0f, null, null, leakySlope);

    // dy [N, OC, OH, OW] → dWeight [OC, C·K·K] (+=): dy as channel-major [OC, N·OH·OW] times im2col(x)ᵀ.
    public static void WeightGrad(IOffsetGemm gemm, float[] x, float[] dy, int n, int outChannels, ConvGeometry g, float[] dWeight)
        => Products(gemm, x, n, outChannels, g, null, [], null, 0f, dy, dWeight);

    /// <summary>
    /// The GEMMs that read im2col(x), over one padded copy of each chunk of x: y = W·im2col(x) (+ bias) + beta·y
    /// (through LeakyReLU with leakySlope) when y is given, dWeight += dy·im2col(x)ᵀ when dWeight is given (a
    /// transposed convolution's backward pass runs them with its output gradient playing x). The copy is split by
    /// the stride when y is computed, unsplit for the weight gradient alone.
    /// </summary>
    // x [N, C, H, W], weight [OC, C·K·K], y and dy [N, OC, OH, OW], dWeight [OC, C·K·K]
    public static void Products(IOffsetGemm gemm, float[] x, int n, int outChannels, ConvGeometry g, float[]? weight, ReadOnlySpan<float> bias, float[]? y, float beta, float[]? dy, float[]? dWeight, float? leakySlope = null)
    {
        if ((y is not null && weight is null) || (dWeight is not null && dy is null))
        {
            throw new ArgumentException($"conv products: y needs weight (given: {weight is not null}), dWeight needs dy (given: {dy is not null})");
        }

        int rows = g.ColRows, outP = g.OutPixels, inSize = g.Channels * g.InPixels, outSize = outChannels * outP;
        var pad = PaddedImages.For(g);
        if (y is null)
        {
            // The weight gradient alone reads the taps along B's columns, where an unsplit copy puts a 4×4 kernel's
            // rows as 4 runs of neighbouring floats: loads, not gathers.
            pad = pad with { Split = 1 };
        }

        var chunk = ChunkImages(n, pad.ImageSize, PaddedChunkFloats);
        var padded = pad.IsIdentity(g.Height, g.Width) ? null : Rent(chunk * pad.ImageSize);
        var ints = RentInts((2 * outChannels) + (3 * rows) + (2 * chunk * outP));
        var free = ints.AsSpan();
        Span<int> wRows = Strided(Take(ref free, outChannels), outChannels, rows), wCols = Strided(Take(ref free, rows), rows, 1);
        var taps = pad.Taps(Take(ref free, rows), g.Kernel);
        var channelRows = Strided(Take(ref free, outChannels), outChannels, outP);
        Span<int> patchTable = Take(ref free, chunk * outP), pixelTable = Take(ref free, chunk * outP);

        // The weights packed once for every chunk's product (each thread packed them again per chunk: ~5 % of the
        // discriminator's classification of the test set).
        var packed = y is not null && n > chunk ? Rent(gemm.PackedASize(outChannels, rows)) : null;
        if (packed is not null)
        {
            gemm.PackA(weight, rows, outChannels, rows, packed);
        }

        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            var b = Math.Min(chunk, n - n0);
            var src = pad.Source(x.AsSpan(n0 * inSize, b * inSize), b, g.Height, g.Width, padded);
            var patches = pad.Patches(patchTable, b, g.OutHeight, g.OutWidth, g.Stride);
            var pixels = Pixels(pixelTable, b, outSize, outP);
            if (y is not null)
            {
                var result = new OffsetMatrix(y.AsSpan(n0 * outSize, b * outSize), channelRows, pixels);
                Gemm.Run(gemm, new OffsetMatrix(weight, wRows, wCols), new OffsetMatrix(src, taps, patches), beta, result, bias, leakySlope, packed);
            }

            if (dWeight is not null)
            {
                var grads = new OffsetMatrix(dy.AsSpan(n0 * outSize, b * outSize), channelRows, pixels);
                Gemm.Run(gemm, grads, new OffsetMatrix(src, patches, taps), 1f, new OffsetMatrix(dWeight, wRows, wCols));
            }
        }

        Return(ints);
        if (padded is not null)
        {
            Return(padded);
        }

        if (packed is not null)
        {
            Return(packed);
        }
    }

    // dy [N, OC, OH, OW] → dx [N, C, H, W] (+=): columns Wᵀ·dy with dy read in place (the transposed conv's
    // forward GEMM, weight [OC, C·K·K] read as [Cin, Cout·K·K]), folded back by col2im onto dx.
    public static void InputGrad(IOffsetGemm gemm, float[] weight, float[] dy, int n, int outChannels, ConvGeometry g, float[] dx)
    {
        if (Conv2dInputGradPhases.Applies(g, gemm))
        {
            Conv2dInputGradPhases.InputGrad(gemm, weight, dy, n, outChannels, g, dx);
            return;
        }

        int inSize = g.Channels * g.InPixels, outP = g.OutPixels;
        Columns(gemm, dy, weight, n, outChannels, g, (col, ld, first, b) =>
        {
            using var profile = Autograd.Profiler.Measure("  col2im");
            Parts.For(b, i => Im2Col.Backward(col, ld, i * outP, g, dx.AsSpan((first + i) * inSize, inSize)));
        });
    }

    /// <summary>
    /// The column matrix Wᵀ·x [Cout·K·K, b·P] of each chunk of images, x read in place, handed to fold(col, ld,
    /// first image, images) to be folded back by col2im — this convolution's input gradient and a transposed
    /// convolution's forward pass.
    /// </summary>
    // x [N, Cin, g.OutHeight, g.OutWidth], weight [Cin, Cout·K·K]
    internal static void Columns(IOffsetGemm gemm, float[] x, float[] weight, int n, int inChannels, ConvGeometry g, Action<float[], int, int, int> fold)
    {
        int rows = g.ColRows, inP = g.OutPixels, inSize = inChannels * inP;
        var chunk = ChunkImages(n, rows * inP);
        var col = Rent(rows * chunk * inP);
        var ints = RentInts((2 * rows) + (2 * inChannels) + (2 * chunk * inP));
        var free = ints.AsSpan();
        var wt = new OffsetMatrix(weight, Strided(Take(ref free, rows), rows, 1), Strided(Take(ref free, inChannels), inChannels, rows));
        var xRows = Strided(Take(ref free, inChannels), inChannels, inP);
        Span<int> colRows = Take(ref free, rows), pixelTable = Take(ref free, chunk * inP), colTable = Take(ref free, chunk * inP);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), ld = b * inP;
            var images = new OffsetMatrix(x.AsSpan(n0 * inSize, b * inSize), xRows, Pixels(pixelTable, b, inSize, inP));
            Gemm.Run(gemm, wt, images, 0f, new OffsetMatrix(col, Strided(colRows, rows, ld), Strided(colTable, ld, 1)));
            fold(col, ld, n0, b);
        }

        Return(ints);
        Return(col);
    }
}
