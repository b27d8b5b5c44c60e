using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// A strided transposed convolution split into its stride² output phases (sub-pixel convolution): the output rows
/// oh ≡ p (mod s) receive only the kernel rows kh ≡ p + padTop (mod s), so each phase is an ordinary stride-1
/// correlation of the input with a K/s × K/s kernel. Per phase that is im2col of the small input plus one GEMM with
/// inner size Cin·(K/s)², whose result is written once into its strided output positions — instead of a GEMM with
/// inner size Cin followed by a col2im that adds K² contributions into the large output.
/// </summary>
public static class ConvTransposePhases
{
    /// <summary>Every phase has the same number of taps when the stride divides the kernel (4×4 at stride 2).</summary>
    public static bool Applies(in ConvGeometry g) => g.Stride > 1 && g.Kernel % g.Stride == 0;

    // x [N, Cin, g.OutHeight, g.OutWidth], weight [Cin, Cout·K·K], bias [Cout] or null → y [N, Cout, g.Height, g.Width],
    // through LeakyReLU with leakySlope (each output is written once, by its phase, so the activation goes there)
    public static void Forward(IBlasProvider blas, float[] x, float[] weight, float[]? bias, int n, int inChannels, ConvGeometry g, float[] y, float? leakySlope = null)
    {
        var slope = leakySlope ?? 1f;
        int s = g.Stride, taps = g.Kernel / s, rows = inChannels * taps * taps;
        int inSize = inChannels * g.OutPixels, outSize = g.Channels * g.InPixels;
        var phaseWeights = Workspace.Rent(s * s * g.Channels * rows);
        AllPhaseWeights(weight, inChannels, g, phaseWeights);
        for (var py = 0; py < s; py++)
        {
            for (var px = 0; px < s; px++)
            {
                var pg = PhaseGeometry(g, inChannels, py, px, out _, out _);
                int hp = pg.OutHeight, wp = pg.OutWidth, outP = hp * wp;
                var phaseWeight = phaseWeights.AsSpan(((py * s) + px) * g.Channels * rows, g.Channels * rows);
                var chunk = Workspace.ChunkImages(n, rows * outP);
                var col = Workspace.Rent(rows * chunk * outP);
                var yc = Workspace.Rent(g.Channels * chunk * outP);
                for (var n0 = 0; n0 < n; n0 += chunk)
                {
                    int b = Math.Min(chunk, n - n0), ld = b * outP, first = n0, phaseY = py, phaseX = px;
                    using (Profiler.Measure(pg, static g => $"  im2col k{g.Kernel} s{g.Stride} {g.Height}×{g.Width}→{g.OutHeight}×{g.OutWidth}"))
                    {
                        Parts.For(b, i => Im2Col.Forward(x.AsSpan((first + i) * inSize, inSize), pg, col, ld, i * outP));
                    }

                    Gemm.Run(blas, false, false, g.Channels, ld, rows, 1f, phaseWeight, rows, col, ld, 0f, yc, ld);
                    using (Profiler.Measure("  phase scatter"))
                    {
                        Parts.For(b, i => Scatter(yc, ld, i * outP, bias, slope, g, phaseY, phaseX, hp, wp, y.AsSpan((first + i) * outSize, outSize)));
                    }
                }

                Workspace.Return(col);
                Workspace.Return(yc);
            }
        }

        Workspace.Return(phaseWeights);
    }

    /// <summary>
    /// Phase (py, px) as a stride-1 convolution of the input [Cin, g.OutHeight, g.OutWidth] with a taps×taps kernel,
    /// onto the output positions (s·a + py, s·b + px); ry, rx pick its kernel taps (see <see cref="AllPhaseWeights"/>).
    /// </summary>
    internal static ConvGeometry PhaseGeometry(in ConvGeometry g, int inChannels, int py, int px, out int ry, out int rx)
    {
        int s = g.Stride, taps = g.Kernel / s;
        (ry, var cy) = Phase(py, g.PadTop, s);
        (rx, var cx) = Phase(px, g.PadLeft, s);
        int hp = (g.Height - py + s - 1) / s, wp = (g.Width - px + s - 1) / s;
        return new ConvGeometry(inChannels, g.OutHeight, g.OutWidth, taps, 1, taps - 1 - cy, taps - 1 - cx, hp, wp);
    }

    // Output position p (mod s) with padding pad: kernel offsets r + s·t hit it, from input offset c − t.
    private static (int R, int C) Phase(int p, int pad, int s)
    {
        var r = (((p + pad) % s) + s) % s;
        return (r, (p + pad - r) / s);
    }

    /// <summary>
    /// Every phase's kernels: tap (u, v) of phase (py, px) is kernel tap (ry + s·(taps−1−u), rx + s·(taps−1−v)),
    /// ry and rx from <see cref="PhaseGeometry"/>. Each kernel is read once for all phases (phase by phase, a kernel
    /// line per phase at a Cout·K²-float stride took ~1 ms a call), rows co claimed by the kernels' threads.
    /// </summary>
    // weight [Cin, Cout, K, K] → phases [s², Cout, Cin·taps·taps], phase p = (p / s, p % s)
    internal static unsafe void AllPhaseWeights(float[] weight, int inChannels, in ConvGeometry g, Span<float> phases)
    {
        int s = g.Stride, taps = g.Kernel / s, size = g.Channels * inChannels * taps * taps;
        if (s * s > 16 || g.Kernel % s != 0 || weight.Length < inChannels * g.Channels * g.Kernel * g.Kernel || phases.Length < s * s * size)
        {
            throw new ArgumentException($"phase weights: kernel {g.Kernel}, stride {s}, weight {weight.Length}, phases {phases.Length} for {inChannels}→{g.Channels} channels");
        }

        var state = new AllPhasesState { Cin = inChannels, G = g };
        for (var p = 0; p < s * s; p++)
        {
            PhaseGeometry(g, inChannels, p / s, p % s, out var ry, out var rx);
            state.Origins[p] = (ry * g.Kernel) + rx;
        }

        fixed (float* pw = weight, pp = phases)
        {
            state.Weight = pw;
            state.Phases = pp;
            Parts.Run(&state, &AllPhasesPart);
        }
    }

    private unsafe struct AllPhasesState
    {
        public float* Weight;
        public float* Phases;
        public int Cin;
        public ConvGeometry G;
        public fixed int Origins[16]; // per phase: offset of kernel tap (ry, rx)
        public int Next; // the next output channel to claim
    }

    private static unsafe void AllPhasesPart(int part, int parts, void* state)
    {
        var st = (AllPhasesState*)state;
        int k = st->G.Kernel, s = st->G.Stride, taps = k / s, cin = st->Cin, cout = st->G.Channels, rows = cin * taps * taps;
        int phases = s * s, size = cout * rows;
        while (Parts.Take(&st->Next, cout, out var co))
        {
            for (var ci = 0; ci < cin; ci++)
            {
                var kernel = st->Weight + ((nint)((ci * cout) + co) * k * k);
                for (var p = 0; p < phases; p++)
                {
                    var to = st->Phases + ((nint)p * size) + ((nint)co * rows) + (ci * taps * taps);
                    var origin = kernel + st->Origins[p];
                    for (var u = 0; u < taps; u++)
                    {
                        for (var v = 0; v < taps; v++)
                        {
                            to[(u * taps) + v] = origin[(s * (taps - 1 - u) * k) + (s * (taps - 1 - v))];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every phase's dense result at once into the output (+ bias, as max(v, slope·v)), each output row written
    /// once, interleaved from its phases' rows, planes claimed by the kernels' threads channel by channel, the images
    /// of a channel in order (its phases' rows then read as sequential streams). As fast as a
    /// <see cref="Scatter"/> per phase and image, without its Parallel.For allocations.
    /// </summary>
    // phase p's yc [Cout, images·hp·wp] at p·phaseSize, hp × wp from phases[p] → y [images, Cout, g.Height, g.Width]
    internal static unsafe void Interleave(float[] yc, int phaseSize, ReadOnlySpan<ConvGeometry> phases, int images, float[]? bias, float slope, in ConvGeometry g, Span<float> y)
    {
        if (phases.Length != g.Stride * g.Stride || phases.Length > 16 || y.Length < images * g.Channels * g.InPixels)
        {
            throw new ArgumentException($"phase interleave: {phases.Length} phases at stride {g.Stride}, y {y.Length} for {images}×{g.Channels}×{g.InPixels}");
        }

        using var profile = Profiler.Measure("  phase scatter");
        var state = new InterleaveState { PhaseSize = phaseSize, Images = images, Slope = slope, G = g };
        for (var p = 0; p < phases.Length; p++)
        {
            (state.Hp[p], state.Wp[p]) = (phases[p].OutHeight, phases[p].OutWidth);
        }

        fixed (float* pyc = yc, pyo = y, pb = bias)
        {
            state.Yc = pyc;
            state.Y = pyo;
            state.Bias = pb;
            Parts.Run(&state, &InterleavePart);
        }
    }

    private unsafe struct InterleaveState
    {
        public float* Yc;
        public float* Y;
        public float* Bias; // null when the layer has none
        public float Slope;
        public int PhaseSize, Images;
        public ConvGeometry G;
        public fixed int Hp[16];
        public fixed int Wp[16];
        public int Next; // the next (co, image) plane to claim
    }

    private static unsafe void InterleavePart(int part, int parts, void* state)
    {
        var st = (InterleaveState*)state;
        int s = st->G.Stride, cout = st->G.Channels, width = st->G.Width;
        var rows = stackalloc float*[s]; // the current source row of each column phase
        while (Parts.Take(&st->Next, st->Images * cout, out var plane))
        {
            int co = plane / st->Images, i = plane % st->Images; // image fastest: the phase rows are read in sequence
            var add = st->Bias == null ? 0f : st->Bias[co];
            var to = st->Y + ((nint)((i * cout) + co) * st->G.InPixels);
            for (var oy = 0; oy < st->G.Height; oy++, to += width)
            {
                int py = oy % s, a = oy / s;
                for (var px = 0; px < s; px++)
                {
                    int p = (py * s) + px, hp = st->Hp[p], wp = st->Wp[p];
                    rows[px] = st->Yc + ((nint)p * st->PhaseSize) + ((nint)co * st->Images * hp * wp) + (((i * hp) + a) * wp);
                }

                if (s == 2)
                {
                    float* even = rows[0], odd = rows[1];
                    var ox = 0;
                    for (; ox + 1 < width; ox += 2)
                    {
                        float v0 = even[ox >> 1] + add, v1 = odd[ox >> 1] + add;
                        to[ox] = Math.Max(v0, st->Slope * v0);
                        to[ox + 1] = Math.Max(v1, st->Slope * v1);
                    }

                    if (ox < width)
                    {
                        var v = even[ox >> 1] + add;
                        to[ox] = Math.Max(v, st->Slope * v);
                    }

                    continue;
                }

                for (var ox = 0; ox < width; ox++)
                {
                    var v = rows[ox % s][ox / s] + add;
                    to[ox] = Math.Max(v, st->Slope * v);
                }
            }
        }
    }

    // yc[co, offset + a·wp + b] (+ bias) → image[co, s·a + py, s·b + px], as max(v, slope·v): LeakyReLU for a
    // slope in [0, 1], the identity for 1
    internal static void Scatter(float[] yc, int ld, int offset, float[]? bias, float slope, in ConvGeometry g, int py, int px, int hp, int wp, Span<float> image)
    {
        var s = g.Stride;
        for (var co = 0; co < g.Channels; co++)
        {
            var add = bias is null ? 0f : bias[co];
            var src = yc.AsSpan((co * ld) + offset, hp * wp);
            var plane = image.Slice(co * g.InPixels, g.InPixels);
            for (var a = 0; a < hp; a++)
            {
                var row = plane.Slice(((s * a) + py) * g.Width);
                for (int b = 0, ox = px; b < wp; b++, ox += s)
                {
                    var v = src[(a * wp) + b] + add;
                    row[ox] = Math.Max(v, slope * v);
                }
            }
        }
    }
}
