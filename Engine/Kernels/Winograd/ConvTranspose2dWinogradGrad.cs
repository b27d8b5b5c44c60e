using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;
using static Ssgan.Engine.Kernels.Workspace;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The gradients of a 4×4 stride-2 transposed convolution by <see cref="WinogradF2"/>, taken where
/// <see cref="ConvTranspose2dWinograd.Chosen"/> holds. The input gradient is the adjoint of the four phase
/// correlations: phase p of dy correlated with p's 2×2 kernel flipped, channels swapped and the padding mirrored
/// (1 − pad), summed over the phases. Summing is what the GEMMs' inner dimension does, so each of the 9 Winograd
/// products is one GEMM [Cin × 4·Cout]·[4·Cout × tiles] — 9/16 of the direct GEMM's multiplications. dy is copied
/// split by 2 (space-to-depth), so a phase's tiles sit every other float. The weight gradient is the same
/// computation differentiated in the weights: dW = ∂/∂W ⟨x, dx(W, dy)⟩, so per product ξ
/// m[ξ] = Σ over tiles of (A x Aᵀ)[ξ] (the 2×2 x tiles, <see cref="WinogradF2.GradientRow"/>) times the same
/// transformed dy tiles the input gradient reads — 9 GEMMs [Cin × tiles]·[tiles × 4·Cout], again 9/16 of the direct
/// product's multiplications, no second transform of dy — then the weight transform's adjoint
/// (<see cref="WinogradWeights.WeightGrad"/>).
/// </summary>
internal static class ConvTranspose2dWinogradGrad
{
    // x [N, Cin, g.OutHeight, g.OutWidth], weight [Cin, Cout·4·4], dy [N, Cout, g.Height, g.Width] →
    // dx [N, Cin, g.OutHeight, g.OutWidth] (+=), dWeight [Cin, Cout·4·4] (+=) and dBias [Cout] (+=), any may be null.
    // With a gate (the layer's output y, through a fused LeakyReLU of this slope) the gradient is dy where y > 0 and
    // slope·dy elsewhere, applied as dy is copied — no pass of its own, no scratch gradient.
    public static void Backward(
        IBlasProvider blas, float[] x, float[] weight, float[] dy, int n, int inChannels, ConvGeometry g, float[]? dx, float[]? dWeight, float[]? dBias = null, float[]? gate = null, float slope = 1f)
    {
        int cin = inChannels, cout = g.Channels, k4 = 4 * cout, plane = cin * k4, inSize = cin * g.OutPixels, outSize = cout * g.InPixels;
        Span<(int Top, int Left)> pads = stackalloc (int, int)[4];
        for (var p = 0; p < 4; p++)
        {
            var pg = ConvTransposePhases.PhaseGeometry(g, cin, p / 2, p % 2, out _, out _);
            pads[p] = (1 - pg.PadTop, 1 - pg.PadLeft);
        }

        int th = (g.OutHeight + 1) / 2, tw = (g.OutWidth + 1) / 2, tiles = th * tw;
        var pad = new PaddedImages(cout, 2, 2, Math.Max((4 * th) + 4, g.Height + 2), Math.Max((4 * tw) + 4, g.Width + 2), 2);
        Span<int> origins = stackalloc int[36];
        ConvTranspose2dWinograd.Origins(pad, pads, ofPhases: true, origins);

        // Chunks 4× the default (28 images at 14→28, ~30 MB of transformed tiles): the GEMMs' inner (dx) or outer
        // (dW) dimension is 4·Cout, so wider ones amortise their packing better.
        var chunk = ChunkImages(n, 9 * (k4 + cin + (dWeight is null ? 0 : cin)) * tiles, 4 * ChunkFloats);
        var ld = ConvTranspose2dWinograd.TileStride(chunk * tiles);
        float[] padded = Rent((chunk * pad.ImageSize) + ConvTranspose2dWinograd.ReadSlack), v = Rent(9 * k4 * ld);
        float[]? u = null, m = null, xTiles = null, products = null, xPadded = null;
        var xPad = new PaddedImages(cin, 0, 0, 2 * th, 2 * tw);
        if (dx is not null)
        {
            (u, m) = (Rent(9 * plane), Rent(9 * cin * ld));
            WinogradWeights.InputGrad(weight, cin, g, u);
        }

        if (dWeight is not null)
        {
            (xTiles, products, xPadded) = (Rent(9 * cin * ld), Rent(9 * plane), Rent((chunk * xPad.ImageSize) + ConvTranspose2dWinograd.ReadSlack));
        }

        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), count = b * tiles;
            using (Profiler.Measure("  winograd dy copy"))
            {
                pad.Copy(dy.AsSpan(n0 * outSize, b * outSize), b, g.Height, g.Width, padded, gate is null ? default : gate.AsSpan(n0 * outSize, b * outSize), slope);
            }

            if (dBias is not null)
            {
                // An image of the copy is Channels planes of ImageSize / Channels floats, zero in the margins.
                Layout.AddChannelSums(padded.AsSpan(0, b * pad.ImageSize), b, cout, pad.ImageSize / cout, dBias);
            }

            ConvTranspose2dWinograd.Inputs(padded, pad, origins, b, th, tw, 2 * pad.PhaseWidth, true, v, ld, cout, k4);
            if (dx is not null)
            {
                for (var xi = 0; xi < 9; xi++)
                {
                    Gemm.Run(blas, false, false, cin, count, k4, 1f, u.AsSpan(xi * plane, plane), k4, v.AsSpan(xi * k4 * ld), ld, 0f, m.AsSpan(xi * cin * ld), ld);
                }

                AddOutputs(m!, ld, b, th, tw, cin, g.OutHeight, g.OutWidth, dx.AsSpan(n0 * inSize, b * inSize));
            }

            if (dWeight is not null)
            {
                XTiles(x.AsSpan(n0 * inSize, b * inSize), b, xPad, xPadded!, g, tw, xTiles!, ld);
                // Each product split across the threads: 9 whole items shared 5 : 4 as a batch leave a thread idle.
                for (var xi = 0; xi < 9; xi++)
                {
                    Gemm.Run(blas, false, true, cin, k4, count, 1f, xTiles.AsSpan(xi * cin * ld), ld, v.AsSpan(xi * k4 * ld), ld, n0 == 0 ? 0f : 1f, products.AsSpan(xi * plane, plane), k4);
                }
            }
        }

        if (dWeight is not null && n > 0)
        {
            WinogradWeights.WeightGrad(products!, cin, g, dWeight);
        }

        Return(padded);
        Return(v);
        foreach (var buffer in (ReadOnlySpan<float[]?>)[u, m, xTiles, products, xPadded])
        {
            if (buffer is not null)
            {
                Return(buffer);
            }
        }
    }

    // x [images, Cin, g.OutHeight, g.OutWidth] → xTiles [9, Cin, ld]: A e Aᵀ of its 2×2 tiles (zero beyond odd edges).
    private static unsafe void XTiles(Span<float> x, int images, PaddedImages xPad, float[] padded, ConvGeometry g, int tw, float[] xTiles, int ld)
    {
        var src = xPad.Source(x, images, g.OutHeight, g.OutWidth, padded);
        using var profile = Profiler.Measure("  winograd x tiles");
        fixed (float* ps = src, pt = xTiles)
        {
            var state = new TilesState { Src = ps, Dst = pt, Planes = images * xPad.Channels, Channels = xPad.Channels, Th = xPad.Height / 2, Tw = tw, Width = xPad.Width, Ld = ld };
            Parts.Run(&state, &TilesPart);
        }
    }

    private unsafe struct TilesState
    {
        public float* Src;
        public float* Dst;
        public int Planes, Channels, Th, Tw, Width, Ld;
        public int Next; // the next (channel, image) plane to claim
    }

    // Planes claimed channel-major, so a claimant writes its channel's rows in order (a row's slack lanes land on the next row).
    private static unsafe void TilesPart(int part, int parts, void* state)
    {
        var s = (TilesState*)state;
        Span<int> at = [0, 1, s->Width, s->Width + 1];
        var images = s->Planes / s->Channels;
        while (Parts.Take(&s->Next, s->Channels, out var c))
        {
            for (var i = 0; i < images; i++)
            {
                var plane = s->Src + ((nint)((i * s->Channels) + c) * s->Th * 2 * s->Width);
                for (var a = 0; a < s->Th; a++)
                {
                    var to = s->Dst + ((nint)c * s->Ld) + (((i * s->Th) + a) * s->Tw);
                    WinogradF2.GradientRow(plane + (2 * a * s->Width), at, s->Tw, to, (nint)s->Channels * s->Ld);
                }
            }
        }
    }

    // m [9, Cin, ld] → dx [images, Cin, height, width] (+=), planes claimed one at a time by the threads, channel by
    // channel and in each the images in order, so the 9 product rows are read as sequential streams.
    private static unsafe void AddOutputs(float[] m, int ld, int images, int th, int tw, int channels, int height, int width, Span<float> dx)
    {
        using var profile = Profiler.Measure("  winograd output");
        fixed (float* pm = m, pd = dx)
        {
            var state = new OutputsState { M = pm, Dx = pd, Ld = ld, Planes = images * channels, Th = th, Tw = tw, Channels = channels, Height = height, Width = width };
            Parts.Run(&state, &AddOutputsPart);
        }
    }

    private unsafe struct OutputsState
    {
        public float* M;
        public float* Dx;
        public int Ld, Planes, Th, Tw, Channels, Height, Width;
        public int Next; // the next plane to claim
    }

    private static unsafe void AddOutputsPart(int part, int parts, void* state)
    {
        var s = (OutputsState*)state;
        while (Parts.Take(&s->Next, s->Planes, out var plane))
        {
            int images = s->Planes / s->Channels, c = plane / images, i = plane % images; // image fastest: m's rows in sequence
            var image = s->Dx + ((nint)((i * s->Channels) + c) * s->Height * s->Width);
            for (var a = 0; a < s->Th; a++)
            {
                var m0 = s->M + ((nint)c * s->Ld) + (((i * s->Th) + a) * s->Tw);
                for (var dy = 0; dy < 2 && (2 * a) + dy < s->Height; dy++)
                {
                    WinogradF2.AddOutputRow(m0, (nint)s->Channels * s->Ld, dy, s->Tw, image + ((nint)((2 * a) + dy) * s->Width), s->Width);
                }
            }
        }
    }
}
