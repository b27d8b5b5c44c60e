using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Ssgan.Engine.Autograd;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The forward's input transform Bᵀ d B (<see cref="WinogradF2.Input"/>) written straight into a provider's
/// packed B panels of <see cref="Columns"/> columns (<see cref="IPackedLayout"/>), so its products pack nothing: per channel and phase, each half
/// of a 16-tile panel is 8 tiles whose inputs lie in at most two runs of neighbouring floats (tile rows of 7 or
/// more tiles), loaded as two vectors and blended; a panel row is written whole.
/// </summary>
internal static unsafe class WinogradPanels
{
    private const int Lanes = 8;

    /// <summary>The packed B panel width these transforms write: two halves of a vector's lanes.</summary>
    public const int Columns = 2 * Lanes;

    /// <summary>
    /// Padded images → v: element ξ of every tile of phase q (of origins.Length / 9) as product q·9 + ξ, B [Channels ×
    /// images·th·tw] packed at v[(q·9 + ξ)·productSize..]. Tiles run image by image, tile row by tile row (rows
    /// tileRowStep floats apart); lanes past the last tile read the floats after it (readable: the copy's slack).
    /// </summary>
    public static void Inputs(float[] padded, int paddedLength, PaddedImages pad, ReadOnlySpan<int> origins, int images, int th, int tw, int tileRowStep, float[] v, int productSize)
    {
        using var profile = Profiler.Measure("  winograd input (packed)");
        int count = images * th * tw, halves = 2 * ((count + Columns - 1) / Columns);
        int minAt = int.MaxValue, maxAt = int.MinValue;
        foreach (var at in origins)
        {
            (minAt, maxAt) = (Math.Min(minAt, at), Math.Max(maxAt, at));
        }

        var offsets = Workspace.RentInts(halves * Lanes);
        var runs = Workspace.RentInts(halves * 3);
        for (var t = 0; t < halves * Lanes; t++)
        {
            int tile = Math.Min(t, count - 1), r = tile % (th * tw);
            offsets[t] = ((tile / (th * tw)) * pad.ImageSize) + ((r / tw) * tileRowStep) + (r % tw) + (t - tile);
        }

        var lastChannel = (pad.Channels - 1) * (pad.ImageSize / pad.Channels);
        if (offsets[0] + minAt < 0 || offsets[(halves * Lanes) - 1] + lastChannel + maxAt + Lanes > paddedLength)
        {
            throw new ArgumentException($"winograd panels: {count} tiles read [{offsets[0] + minAt}, {offsets[(halves * Lanes) - 1] + lastChannel + maxAt + Lanes}) of {paddedLength} floats");
        }

        for (var h = 0; h < halves; h++)
        {
            Runs(offsets.AsSpan(h * Lanes, Lanes), minAt, maxAt + lastChannel, paddedLength, runs.AsSpan(h * 3, 3));
        }

        fixed (float* ps = padded, pv = v)
        fixed (int* po = origins, pOffsets = offsets, pRuns = runs)
        {
            var state = new State
            {
                Src = ps, Dst = pv, Origins = po, Offsets = pOffsets, Runs = pRuns, Phases = origins.Length / 9, Channels = pad.Channels,
                ChannelSize = pad.ImageSize / pad.Channels, Halves = halves, ProductSize = productSize,
            };
            Parts.Run(&state, &Part);
        }

        Workspace.Return(offsets);
        Workspace.Return(runs);
    }

    // 8 offsets → (first run's base, second run's base, lane the second starts at: 8 for one run, −1 when the
    // lanes are not two runs or a run's whole 8-float load would leave [0, length)).
    private static void Runs(ReadOnlySpan<int> off, int minAt, int maxAt, int length, Span<int> run)
    {
        var split = 1;
        while (split < Lanes && off[split] == off[0] + split)
        {
            split++;
        }

        int base0 = off[0], base1 = split < Lanes ? off[split] - split : base0;
        for (var l = split; l < Lanes; l++)
        {
            if (off[l] != base1 + l)
            {
                split = -1;
            }
        }

        if (Math.Min(base0, base1) + minAt < 0 || Math.Max(base0, base1) + maxAt + Lanes > length)
        {
            split = -1;
        }

        (run[0], run[1], run[2]) = (base0, base1, split);
    }

    private struct State
    {
        public float* Src;
        public float* Dst;
        public int* Origins;
        public int* Offsets;
        public int* Runs;
        public int Phases, Channels, ChannelSize, Halves, ProductSize;
        public int Next; // the next panel to claim
    }

    // Panels claimed one at a time; within a panel, phase by phase, channel by channel (consecutive rows of the
    // packed panel: every product is written as one sequential stream), both halves of a row together.
    private static void Part(int part, int parts, void* state)
    {
        var s = (State*)state;
        nint stride = s->ProductSize, panel = (nint)s->Channels * Columns;
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        while (Parts.Take(&s->Next, s->Halves / 2, out var p))
        {
            for (var q = 0; q < s->Phases; q++)
            {
                var at = s->Origins + (9 * q);
                var dst = s->Dst + ((nint)q * 9 * stride) + (p * panel);
                for (var c = 0; c < s->Channels; c++, dst += Columns)
                {
                    var src = s->Src + ((nint)c * s->ChannelSize);
                    for (var h = 2 * p; h < (2 * p) + 2; h++)
                    {
                        int* run = s->Runs + (3 * h);
                        var o = dst + ((h % 2) * Lanes);
                        if (run[2] == Lanes)
                        {
                            var p0 = src + run[0];
                            WinogradF2.Input(
                                Vector256.Load(p0 + at[0]), Vector256.Load(p0 + at[1]), Vector256.Load(p0 + at[2]),
                                Vector256.Load(p0 + at[3]), Vector256.Load(p0 + at[4]), Vector256.Load(p0 + at[5]),
                                Vector256.Load(p0 + at[6]), Vector256.Load(p0 + at[7]), Vector256.Load(p0 + at[8]),
                                o,
                                stride);
                        }
                        else if (run[2] > 0)
                        {
                            float* p0 = src + run[0], p1 = src + run[1];
                            var upper = Vector256.GreaterThanOrEqual(lane, Vector256.Create(run[2])).AsSingle();
                            WinogradF2.Input(
                                Load(p0, p1, upper, at[0]), Load(p0, p1, upper, at[1]), Load(p0, p1, upper, at[2]),
                                Load(p0, p1, upper, at[3]), Load(p0, p1, upper, at[4]), Load(p0, p1, upper, at[5]),
                                Load(p0, p1, upper, at[6]), Load(p0, p1, upper, at[7]), Load(p0, p1, upper, at[8]),
                                o,
                                stride);
                        }
                        else
                        {
                            var off = s->Offsets + (h * Lanes);
                            WinogradF2.Input(
                                Gather(src, off, at[0]), Gather(src, off, at[1]), Gather(src, off, at[2]),
                                Gather(src, off, at[3]), Gather(src, off, at[4]), Gather(src, off, at[5]),
                                Gather(src, off, at[6]), Gather(src, off, at[7]), Gather(src, off, at[8]),
                                o,
                                stride);
                        }
                    }
                }
            }
        }
    }

    // Lanes below the second run's start from p0, the rest from p1 (p1 = p0 for one run).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(float* p0, float* p1, Vector256<float> upper, int at) =>
        Vector256.ConditionalSelect(upper, Vector256.Load(p1 + at), Vector256.Load(p0 + at));

    private static Vector256<float> Gather(float* src, int* off, int at) =>
        Vector256.Create(src[off[0] + at], src[off[1] + at], src[off[2] + at], src[off[3] + at], src[off[4] + at], src[off[5] + at], src[off[6] + at], src[off[7] + at]);
}
