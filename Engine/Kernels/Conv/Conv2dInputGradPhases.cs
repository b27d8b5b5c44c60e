using Ssgan.Engine.Blas;
using static Ssgan.Engine.Kernels.OffsetTables;
using static Ssgan.Engine.Kernels.Workspace;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The input gradient of a stride-2 convolution by its sub-pixel phases (for a provider with <see cref="IOffsetGemm"/>):
/// dx's pixels (2a + py, 2b + px) receive only the taps kh ≡ py + padTop, kw ≡ px + padLeft (mod 2), from dy at
/// (a + (py + padTop − kh)/2, b + (px + padLeft − kw)/2). Each phase is so a stride-1 correlation of dy: one GEMM
/// W[Cin × Cout·taps]·dy[Cout·taps × pixels] reading the weights and a zero-bordered copy of dy in place, then one pass
/// adding the four phases into dx — instead of a Cin·K²-row column matrix folded back by col2im (K² scattered adds per
/// pixel, the slow part of the discriminator's input gradients).
/// </summary>
internal static class Conv2dInputGradPhases
{
    /// <summary>
    /// Stride 2 with at least a micro-kernel tile's rows of input channels: the phase GEMMs have C rows, so with
    /// fewer (the discriminator's one-channel first layer) each tile does a fraction of its work and the columns
    /// (C·K² rows) with col2im are faster.
    /// </summary>
    public static bool Applies(in ConvGeometry g, IOffsetGemm gemm) => g.Stride == 2 && g.Channels >= gemm.PanelRows;

    // weight [OC, C, K, K], dy [N, OC, OH, OW] → dx [N, C, H, W] (+=)
    public static void InputGrad(IOffsetGemm gemm, float[] weight, float[] dy, int n, int outChannels, ConvGeometry g, float[] dx)
    {
        int k = g.Kernel, c = g.Channels, kk = k * k, ah = (g.Height + 1) / 2, bw = (g.Width + 1) / 2;
        int lowH = 0, highH = 0, lowW = 0, highW = 0;
        for (var p = 0; p < 2; p++)
        {
            for (var t = 0; t < k; t++)
            {
                (lowH, highH) = Extend(lowH, highH, p + g.PadTop - t);
                (lowW, highW) = Extend(lowW, highW, p + g.PadLeft - t);
            }
        }

        var pad = new PaddedImages(outChannels, -lowH, -lowW, Math.Max(g.OutHeight, ah + highH) - lowH, Math.Max(g.OutWidth, bw + highW) - lowW);
        int outSize = outChannels * g.OutPixels, inSize = c * g.InPixels;
        var chunk = ChunkImages(n, pad.ImageSize + (c * ah * bw), PaddedChunkFloats);
        int phaseSize = c * chunk * ah * bw;
        float[] padded = Rent(chunk * pad.ImageSize), phase = Rent(4 * phaseSize);
        var ints = RentInts((2 * c) + (2 * outChannels * kk) + (2 * chunk * ah * bw));
        var free = ints.AsSpan();
        Span<int> wRows = Strided(Take(ref free, c), c, kk), phaseRows = Take(ref free, c), wCols = Take(ref free, outChannels * kk), taps = Take(ref free, outChannels * kk);
        Span<int> pixels = Take(ref free, chunk * ah * bw), dense = Take(ref free, chunk * ah * bw);
        for (var n0 = 0; n0 < n; n0 += chunk)
        {
            var b = Math.Min(chunk, n - n0);
            var src = pad.Source(dy.AsSpan(n0 * outSize, b * outSize), b, g.OutHeight, g.OutWidth, padded);
            for (var p = 0; p < 4; p++)
            {
                int py = p / 2, px = p % 2, ph = (g.Height - py + 1) / 2, pw = (g.Width - px + 1) / 2, count = 0;
                for (var co = 0; co < outChannels; co++)
                {
                    for (var kh = (py + g.PadTop) & 1; kh < k; kh += 2)
                    {
                        for (var kw = (px + g.PadLeft) & 1; kw < k; kw += 2)
                        {
                            wCols[count] = (co * c * kk) + (kh * k) + kw;
                            taps[count++] = pad.Offset(co, ((py + g.PadTop - kh) / 2) + pad.Top, ((px + g.PadLeft - kw) / 2) + pad.Left);
                        }
                    }
                }

                int ld = b * ph * pw;
                if (count == 0 || ld == 0)
                {
                    // No tap reaches this phase's pixels (a kernel narrower than the stride): they add nothing.
                    phase.AsSpan(p * phaseSize, c * ld).Clear();
                    continue;
                }

                var a = new OffsetMatrix(weight, wRows, wCols[..count]);
                var images = new OffsetMatrix(src, taps[..count], Grid(pixels, b, pad.ImageSize, ph, pw, 1, 1, 0, 0, pad.Width));
                Gemm.Run(gemm, a, images, 0f, new OffsetMatrix(phase.AsSpan(p * phaseSize, phaseSize), Strided(phaseRows, c, ld), Strided(dense, ld, 1)));
            }

            AddPhases(phase, phaseSize, b, c, g, dx.AsSpan(n0 * inSize, b * inSize));
        }

        Return(ints);
        Return(phase);
        Return(padded);
    }

    private static (int Low, int High) Extend(int low, int high, int twice) =>
        (twice & 1) != 0 ? (low, high) : (Math.Min(low, twice / 2), Math.Max(high, twice / 2));

    // phase q [C, b·ph·pw] at q·phaseSize → dx[i, ci, 2a + py, 2b + px] (+=) in one pass over dx, planes claimed
    // one at a time by the threads, channel by channel and in each the images in order (the four phases' rows of a
    // channel are then read as sequential streams, and dx is written a whole plane at a time): a strided pass per
    // phase touches every cache line of dx four times.
    private static unsafe void AddPhases(float[] phase, int phaseSize, int images, int c, ConvGeometry g, Span<float> dx)
    {
        using var profile = Autograd.Profiler.Measure("  phase add");
        fixed (float* pp = phase, pd = dx)
        {
            var state = new AddState { Phase = pp, Dx = pd, PhaseSize = phaseSize, Images = images, Planes = images * c, Channels = c, Height = g.Height, Width = g.Width };
            Parts.Run(&state, &AddPart);
        }
    }

    private unsafe struct AddState
    {
        public float* Phase;
        public float* Dx;
        public int PhaseSize, Images, Planes, Channels, Height, Width;
        public int Next; // the next (image, channel) plane to claim
    }

    private static unsafe void AddPart(int part, int parts, void* state)
    {
        var s = (AddState*)state;
        int w = s->Width, even = (w + 1) / 2, odd = w / 2;
        while (Parts.Take(&s->Next, s->Planes, out var plane))
        {
            int ci = plane / s->Images, i = plane % s->Images; // image fastest: the phase rows are read in sequence
            var to = s->Dx + ((nint)((i * s->Channels) + ci) * s->Height * w);
            for (var r = 0; r < s->Height; r++, to += w)
            {
                int py = r & 1, ph = (s->Height - py + 1) / 2, a = r >> 1;
                var from0 = Row(s, 2 * py, ph, even, i, ci, a);
                var from1 = Row(s, (2 * py) + 1, ph, odd, i, ci, a);
                for (var q = 0; q < odd; q++)
                {
                    to[2 * q] += from0[q];
                    to[(2 * q) + 1] += from1[q];
                }

                if (even > odd)
                {
                    to[w - 1] += from0[odd];
                }
            }
        }
    }

    // Row a of plane (i, ci) of phase p (ph × pw pixels an image).
    private static unsafe float* Row(AddState* s, int p, int ph, int pw, int i, int ci, int a) =>
        s->Phase + ((nint)p * s->PhaseSize) + ((nint)ci * s->Images * ph * pw) + (((i * ph) + a) * pw);
}
