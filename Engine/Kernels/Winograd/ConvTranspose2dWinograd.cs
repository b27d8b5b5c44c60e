using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;
using static Ssgan.Engine.Kernels.Workspace;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The forward pass of a 4×4 stride-2 transposed convolution (the generator's 14→28 layer, see <see cref="Chosen"/>) by the
/// phase split of <see cref="ConvTransposePhases"/> and each phase's 2×2 correlation by <see cref="WinogradF2"/>:
/// 36 GEMMs [Cout × Cin]·[Cin × tiles] per chunk of images do 9/16 of the multiplications of the direct phase GEMMs.
/// The two column phases of a row parity are transformed back together, so each output row is written once,
/// interleaved, with its bias — no dense buffer and scatter pass. The GEMMs are plain dense ones: every provider
/// runs this path. Head of the Winograd family; its paths, condition, test:
/// <list type="bullet">
/// <item>forward, packed (<see cref="WinogradPanels"/>): <see cref="KernelOptions.WinogradPacked"/> on a provider
/// with a packed batch of 16-column panels and Cin ≤ its packed depth; ConvKernelTests.WinogradMatchesNaive.</item>
/// <item>forward, plain (<see cref="Inputs"/> + <see cref="Gemm.RunBatch"/>): otherwise; the same test's unpacked
/// run and WinogradMatchesNaiveOnEveryProvider.</item>
/// <item>dx and dW (<see cref="ConvTranspose2dWinogradGrad"/>, dW with <see cref="KernelOptions.WinogradWeightGrad"/>):
/// WinogradMatchesNaive, WinogradWeightGradientAgreesWithTheDirectKernels,
/// BackwardThroughLeakyReluMatchesTheMaskedReference.</item>
/// </list>
/// The transforms are <see cref="WinogradF2"/>'s, the weights' <see cref="WinogradWeights"/>'.
/// </summary>
internal static class ConvTranspose2dWinograd
{
    /// <summary>4×4 at stride 2 whose phases pad by 0 or 1 (Keras 'same' and 'valid'): every phase is a 2×2 correlation reading one border.</summary>
    public static bool Applies(in ConvGeometry g, int inChannels) => Phases(g, inChannels, evenOutputs: false);

    /// <summary>
    /// Where the layer takes this path (and <see cref="ConvTranspose2dWinogradGrad"/> for its input gradient): it
    /// applies and every phase output is even, so no tile is half padding: 7→14 (7×7 phases: 16 tiles for 12.25
    /// tiles' worth of output) ran slower than the direct phase GEMMs, 14→28 faster (benchmarks/speed/convt-winograd).
    /// </summary>
    public static bool Chosen(in ConvGeometry g, int inChannels) => Phases(g, inChannels, evenOutputs: true);

    private static bool Phases(in ConvGeometry g, int inChannels, bool evenOutputs)
    {
        if (g.Kernel != 4 || g.Stride != 2)
        {
            return false;
        }

        for (var p = 0; p < 4; p++)
        {
            var pg = ConvTransposePhases.PhaseGeometry(g, inChannels, p / 2, p % 2, out _, out _);
            if (pg.PadTop is < 0 or > 1 || pg.PadLeft is < 0 or > 1 || (evenOutputs && (pg.OutHeight % 2 != 0 || pg.OutWidth % 2 != 0)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Row stride of the transformed tiles: at least the slack <see cref="WinogradF2.InputRow"/> writes past a row.</summary>
    internal static int TileStride(int tiles) => (tiles + 8 + 15) & ~15;

    /// <summary>What the last vector loads of <see cref="WinogradF2.InputRow"/> read past a padded copy's end.</summary>
    internal const int ReadSlack = 32;

    // x [N, Cin, g.OutHeight, g.OutWidth], weight [Cin, Cout·4·4], bias [Cout] or null → y [N, Cout, g.Height, g.Width],
    // through LeakyReLU with leakySlope
    // With kernels.WinogradPacked on a provider with a packed batch of 16-column panels, the transforms write the
    // GEMMs' packed operands; otherwise row-major tiles and GEMMs that pack them.
    public static unsafe void Forward(KernelOptions kernels, float[] x, float[] weight, float[]? bias, int n, int inChannels, ConvGeometry g, float[] y, float? leakySlope)
    {
        int cin = inChannels, cout = g.Channels, plane = cin * cout, inSize = cin * g.OutPixels, outSize = cout * g.InPixels;
        Span<(int Top, int Left)> pads = stackalloc (int, int)[4];
        var u = Rent(36 * plane);
        int hp = 0, wp = 0;
        for (var p = 0; p < 4; p++)
        {
            var pg = ConvTransposePhases.PhaseGeometry(g, cin, p / 2, p % 2, out _, out _);
            (pads[p], hp, wp) = ((pg.PadTop, pg.PadLeft), Math.Max(hp, pg.OutHeight), Math.Max(wp, pg.OutWidth));
        }

        WinogradWeights.Forward(weight, cin, g, u);
        int th = (hp + 1) / 2, tw = (wp + 1) / 2, tiles = th * tw;
        var pad = new PaddedImages(cin, 1, 1, Math.Max((2 * th) + 2, g.OutHeight + 1), Math.Max((2 * tw) + 2, g.OutWidth + 1), 2);
        var chunk = ChunkImages(n, 18 * (cin + cout) * tiles);
        var ld = TileStride(chunk * tiles);

        // Packed transforms: nothing is packed per product.
        var packer = kernels.PackedGemm is { } p0 && cin <= p0.MaxPackedDepth && p0.PanelColumns == WinogradPanels.Columns ? p0 : null;
        int aSize = packer?.PackedASize(cout, cin) ?? 0, bSize = packer?.PackedBSize(cin, chunk * tiles) ?? 0, paddedLength = (chunk * pad.ImageSize) + ReadSlack;
        var padded = Rent(paddedLength);
        float[] v = Rent(18 * (packer is null ? cin * ld : bSize)), m = Rent(18 * cout * ld);
        var uPacked = packer is null ? null : PackWeights(packer, u, 36, cout, cin, aSize);
        Span<int> origins = stackalloc int[36]; // per row parity: its two column phases
        Origins(pad, pads, ofPhases: false, origins);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), count = b * tiles;
            pad.Copy(x.AsSpan(n0 * inSize, b * inSize), b, g.OutHeight, g.OutWidth, padded);
            for (var py = 0; py < 2; py++)
            {
                if (packer is not null)
                {
                    WinogradPanels.Inputs(padded, paddedLength, pad, origins.Slice(18 * py, 18), b, th, tw, pad.PhaseWidth, v, bSize);
                    Gemm.RunBatchPacked(packer, 18, cout, count, cin, uPacked.AsSpan(2 * py * 9 * aSize), aSize, v, bSize, 0f, m, cout * ld, ld);
                }
                else
                {
                    Inputs(padded, pad, origins.Slice(18 * py, 18), b, th, tw, pad.PhaseWidth, false, v, ld, 9 * cin, cin);
                    Gemm.RunBatch(kernels.Provider, 18, cout, count, cin, u.AsSpan(2 * py * 9 * plane), plane, cin, v, cin * ld, ld, 0f, m, cout * ld, ld);
                }

                Outputs(m, ld, bias, leakySlope ?? 1f, py, b, th, tw, g, y.AsSpan(n0 * outSize, b * outSize));
            }
        }

        if (uPacked is not null)
        {
            Return(uPacked);
        }

        Return(m);
        Return(v);
        Return(padded);
        Return(u);
    }

    // count matrices [rows × cols] one after another → each packed as the provider's A, size apart.
    private static float[] PackWeights(IPackedGemm layout, float[] u, int count, int rows, int cols, int size)
    {
        var packed = Rent(count * size);
        for (var p = 0; p < count; p++)
        {
            layout.PackA(u.AsSpan(p * rows * cols, rows * cols), cols, rows, cols, packed.AsSpan(p * size, size));
        }

        return packed;
    }

    /// <summary>
    /// Per phase q (of pads.Length), (r, j) ↦ offset in channel 0 of element d[r, j] of tile (0, 0) of a 2×2
    /// correlation padded by (Top, Left) ∈ {0, 1}: of the image copied with a margin of one row and column, or with
    /// ofPhases of its stride-2 phase (q / 2, q % 2) in the image copied with a margin of two.
    /// </summary>
    internal static void Origins(PaddedImages pad, ReadOnlySpan<(int Top, int Left)> pads, bool ofPhases, Span<int> origin)
    {
        for (var q = 0; q < pads.Length; q++)
        {
            int oy = 1 - pads[q].Top, ox = 1 - pads[q].Left;
            for (var k = 0; k < 9; k++)
            {
                origin[(9 * q) + k] = ofPhases
                    ? pad.Offset(0, (2 * ((k / 3) + oy)) + (q / 2), (2 * ((k % 3) + ox)) + (q % 2))
                    : pad.Offset(0, (k / 3) + oy, (k % 3) + ox);
            }
        }
    }

    /// <summary>
    /// Padded images → v: Bᵀ d B of every tile (i, a, b) of every phase q and channel c, element ξ at
    /// v[((q·phaseRows) + (ξ·xiRows) + c)·ld + (i·th + a)·tw + b]. Tile rows are tileRowStep floats apart, tiles
    /// one float (or with everyOther two).
    /// </summary>
    internal static unsafe void Inputs(
        float[] padded, PaddedImages pad, ReadOnlySpan<int> origins, int images, int th, int tw, int tileRowStep, bool everyOther, float[] v, int ld, int phaseRows, int xiRows)
    {
        using var profile = Profiler.Measure("  winograd input");
        fixed (float* ps = padded, pv = v)
        fixed (int* po = origins)
        {
            var state = new InputsState
            {
                Src = ps, Dst = pv, Origins = po, Phases = origins.Length / 9, Channels = pad.Channels, ImageSize = pad.ImageSize,
                Images = images, Th = th, Tw = tw, TileRowStep = tileRowStep, EveryOther = everyOther, Ld = ld, PhaseRows = phaseRows, XiRows = xiRows,
            };
            Parts.Run(&state, &InputsPart);
        }
    }

    private unsafe struct InputsState
    {
        public float* Src;
        public float* Dst;
        public int* Origins;
        public int Phases, Channels, ImageSize, Images, Th, Tw, TileRowStep, Ld, PhaseRows, XiRows;
        public bool EveryOther;
        public int Next; // the next channel to claim
    }

    // By channel, images and tile rows in order: a row's slack lanes land on the next row, written after it.
    private static unsafe void InputsPart(int part, int parts, void* state)
    {
        var s = (InputsState*)state;
        Span<int> offsets = stackalloc int[9];
        var channelSize = s->ImageSize / s->Channels;
        while (Parts.Take(&s->Next, s->Channels, out var c))
        {
            for (var q = 0; q < s->Phases; q++)
            {
                var dst = s->Dst + ((nint)((q * s->PhaseRows) + c) * s->Ld);
                for (var i = 0; i < s->Images; i++)
                {
                    for (var a = 0; a < s->Th; a++)
                    {
                        var shift = (i * s->ImageSize) + (c * channelSize) + (a * s->TileRowStep);
                        for (var k = 0; k < 9; k++)
                        {
                            offsets[k] = s->Origins[(9 * q) + k] + shift;
                        }

                        WinogradF2.InputRow(s->Src, offsets, s->Tw, dst + (((i * s->Th) + a) * s->Tw), (nint)s->XiRows * s->Ld, s->EveryOther);
                    }
                }
            }
        }
    }

    // m [2 column phases, 9, Cout, ld] → the output rows of parity py of every image, planes claimed one at a time by
    // the threads, channel by channel and in each the images in order: the 18 product rows are read as sequential
    // streams (image by image within a channel they read short rows scattered over 4 MB).
    private static unsafe void Outputs(float[] m, int ld, float[]? bias, float slope, int py, int images, int th, int tw, ConvGeometry g, Span<float> y)
    {
        using var profile = Profiler.Measure("  winograd output");
        fixed (float* pm = m, pyo = y, pb = bias)
        {
            var state = new OutputsState { M = pm, Y = pyo, Bias = pb, Slope = slope, Ld = ld, Py = py, Images = images, Planes = images * g.Channels, Th = th, Tw = tw, G = g };
            Parts.Run(&state, &OutputsPart);
        }
    }

    private unsafe struct OutputsState
    {
        public float* M;
        public float* Y;
        public float* Bias; // null when the layer has none
        public float Slope; // max(v, Slope·v): 1 without a fused LeakyReLU
        public int Ld, Py, Images, Planes, Th, Tw;
        public ConvGeometry G;
        public int Next; // the next plane to claim
    }

    // The output rows of parity py of each (image, channel) plane of the part's share.
    private static unsafe void OutputsPart(int part, int parts, void* state)
    {
        var s = (OutputsState*)state;
        int cout = s->G.Channels, width = s->G.Width;
        while (Parts.Take(&s->Next, s->Planes, out var plane))
        {
            int co = plane / s->Images, i = plane % s->Images; // image fastest: the 18 product rows are read in sequence
            var add = s->Bias == null ? 0f : s->Bias[co];
            var image = s->Y + ((nint)((i * cout) + co) * s->G.InPixels);
            for (var a = 0; a < s->Th; a++)
            {
                var m0 = s->M + ((nint)co * s->Ld) + (((i * s->Th) + a) * s->Tw);
                for (var dy = 0; dy < 2 && (4 * a) + (2 * dy) + s->Py < s->G.Height; dy++)
                {
                    var row = image + ((nint)((4 * a) + (2 * dy) + s->Py) * width);
                    WinogradF2.OutputRow(m0, m0 + ((nint)9 * cout * s->Ld), (nint)cout * s->Ld, dy, s->Tw, add, s->Slope, row, width);
                }
            }
        }
    }
}
