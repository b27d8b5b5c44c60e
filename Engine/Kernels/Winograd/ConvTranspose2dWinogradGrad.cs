using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;
using static Ssgan.Engine.Kernels.Workspace;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The input gradient of a 4×4 stride-2 transposed convolution by <see cref="WinogradF2"/>, taken where
/// <see cref="ConvTranspose2dWinograd.Chosen"/> holds: the adjoint of the four phase correlations, phase p of dy
/// correlated with p's 2×2 kernel flipped, channels swapped and the padding mirrored (1 − pad), summed over the
/// phases. Summing is what the GEMMs' inner dimension does, so each of the 9 Winograd products is one GEMM
/// [Cin × 4·Cout]·[4·Cout × tiles] — 9/16 of the direct GEMM's multiplications. dy is copied split by 2
/// (space-to-depth), so a phase's tiles sit every other float. The weight gradient is the direct kernels'.
/// </summary>
internal static class ConvTranspose2dWinogradGrad
{
    // weight [Cin, Cout·4·4], dy [N, Cout, g.Height, g.Width] → dx [N, Cin, g.OutHeight, g.OutWidth] (+=)
    public static void Backward(IBlasProvider blas, float[] weight, float[] dy, int n, int inChannels, ConvGeometry g, float[] dx)
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

        // Chunks 4× the default (28 images at 14→28, ~30 MB of transformed tiles): the GEMMs' inner dimension is
        // 4·Cout, so wider ones amortise their packing better.
        var chunk = ChunkImages(n, 9 * (k4 + cin) * tiles, 4 * ChunkFloats);
        var ld = ConvTranspose2dWinograd.TileStride(chunk * tiles);
        float[] padded = Rent((chunk * pad.ImageSize) + ConvTranspose2dWinograd.ReadSlack), v = Rent(9 * k4 * ld), u = Rent(9 * plane), m = Rent(9 * cin * ld);
        WinogradWeights.InputGrad(weight, cin, g, u);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            int b = Math.Min(chunk, n - n0), count = b * tiles;
            using (Profiler.Measure("  winograd dy copy"))
            {
                pad.Copy(dy.AsSpan(n0 * outSize, b * outSize), b, g.Height, g.Width, padded);
            }

            ConvTranspose2dWinograd.Inputs(padded, pad, origins, b, th, tw, 2 * pad.PhaseWidth, true, v, ld, cout, k4);
            for (var xi = 0; xi < 9; xi++)
            {
                Gemm.Run(blas, false, false, cin, count, k4, 1f, u.AsSpan(xi * plane, plane), k4, v.AsSpan(xi * k4 * ld), ld, 0f, m.AsSpan(xi * cin * ld), ld);
            }

            AddOutputs(m, ld, b, th, tw, cin, g.OutHeight, g.OutWidth, dx.AsSpan(n0 * inSize, b * inSize));
        }

        Return(padded);
        Return(v);
        Return(u);
        Return(m);
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
