namespace Ssgan.Engine.Kernels;

/// <summary>
/// The weight transforms of the Winograd transposed convolution, one sub-pixel phase per item on the kernels'
/// threads: single-threaded they took ~3 ms a call (measured at one image: most of a 50-image forward's overhead).
/// </summary>
internal static unsafe class WinogradWeights
{
    // weight [Cin, Cout·4·4] → u [4 phases, 9, Cout, Cin] (G g Gᵀ of each phase's 2×2 kernels); phases: 16·Cout·Cin scratch.
    public static void Forward(float[] weight, int cin, in ConvGeometry g, Span<float> phases, Span<float> u)
    {
        if (phases.Length < 16 * cin * g.Channels || u.Length < 36 * cin * g.Channels)
        {
            throw new ArgumentException($"winograd weights: scratch {phases.Length} and u {u.Length} for {cin}→{g.Channels} channels");
        }

        fixed (float* pw = weight, pp = phases, pu = u)
        {
            var state = new State { Weight = pw, WeightLength = weight.Length, Phases = pp, U = pu, Cin = cin, G = g };
            Parts.Run(&state, &ForwardPart);
        }
    }

    // weight [Cin, Cout·4·4] → u [9, Cin, 4·Cout]: the input gradient's kernels — phase p's flipped 2×2 kernels with
    // channels swapped, stacked at columns p·Cout… — transformed; phases: 16·Cout·Cin scratch, stacked: 16·Cout·Cin.
    public static void InputGrad(float[] weight, int cin, in ConvGeometry g, Span<float> phases, Span<float> stacked, Span<float> u)
    {
        if (phases.Length < 16 * cin * g.Channels || stacked.Length < 16 * cin * g.Channels || u.Length < 36 * cin * g.Channels)
        {
            throw new ArgumentException($"winograd weights: scratch {phases.Length}/{stacked.Length} and u {u.Length} for {cin}→{g.Channels} channels");
        }

        fixed (float* pw = weight, pp = phases, ps = stacked, pu = u)
        {
            var state = new State { Weight = pw, WeightLength = weight.Length, Phases = pp, Stacked = ps, U = pu, Cin = cin, G = g };
            Parts.Run(&state, &InputGradPart);
        }
    }

    private struct State
    {
        public float* Weight;
        public float* Phases;
        public float* Stacked;
        public float* U;
        public int WeightLength, Cin;
        public ConvGeometry G;
        public int Next; // the next phase to claim
    }

    // Phase p's 2×2 kernels [Cout, Cin·4] in its quarter of the scratch; plane = Cout·Cin.
    private static Span<float> Phase(State* s, int p, out int plane)
    {
        plane = s->Cin * s->G.Channels;
        ConvTransposePhases.PhaseGeometry(s->G, s->Cin, p / 2, p % 2, out var ry, out var rx);
        var phase = new Span<float>(s->Phases + ((nint)p * 4 * plane), 4 * plane);
        ConvTransposePhases.PhaseWeights(new ReadOnlySpan<float>(s->Weight, s->WeightLength), s->Cin, s->G, ry, rx, phase);
        return phase;
    }

    private static void ForwardPart(int part, int parts, void* state)
    {
        var s = (State*)state;
        while (Parts.Take(&s->Next, 4, out var p))
        {
            var phase = Phase(s, p, out var plane);
            WinogradF2.Weights(phase, s->G.Channels, s->Cin, new Span<float>(s->U + ((nint)p * 9 * plane), 9 * plane));
        }
    }

    private static void InputGradPart(int part, int parts, void* state)
    {
        var s = (State*)state;
        int cin = s->Cin, cout = s->G.Channels, k4 = 4 * cout;
        while (Parts.Take(&s->Next, 4, out var p))
        {
            var phase = Phase(s, p, out _);
            for (var co = 0; co < cout; co++)
            {
                for (var ci = 0; ci < cin; ci++)
                {
                    for (var t = 0; t < 4; t++)
                    {
                        s->Stacked[(((ci * k4) + (p * cout) + co) * 4) + t] = phase[(((co * cin) + ci) * 4) + 3 - t];
                    }
                }
            }

            var stacked = new ReadOnlySpan<float>(s->Stacked, cin * k4 * 4);
            WinogradF2.Weights(stacked, cin, k4, new Span<float>(s->U, 9 * cin * k4), p * cout, (p + 1) * cout);
        }
    }
}
