namespace Ssgan.Engine.Kernels;

/// <summary>
/// The weight transforms of the Winograd transposed convolution (G g Gᵀ of every phase's 2×2 kernels, see
/// <see cref="WinogradF2"/>) in one pass over the weights: each kernel's 16 taps are read once (one cache line) for
/// all four phases, rows of the result are claimed by the kernels' threads. Phase by phase through a gathered copy
/// it took ~3 ms a call — reading a line per kernel per phase at an 8 KB stride — as much as a 20-image forward.
/// </summary>
internal static unsafe class WinogradWeights
{
    // weight [Cin, Cout, 4, 4] → u [4 phases, 9, Cout, Cin]: the forward's products' left operands.
    public static void Forward(float[] weight, int cin, in ConvGeometry g, Span<float> u) => Run(weight, cin, g, u, forInputGrad: false);

    // weight [Cin, Cout, 4, 4] → u [9, Cin, 4·Cout]: the input gradient's — phase p's kernels flipped, channels
    // swapped, at columns p·Cout + co.
    public static void InputGrad(float[] weight, int cin, in ConvGeometry g, Span<float> u) => Run(weight, cin, g, u, forInputGrad: true);

    // m [9, Cin, 4·Cout] (the weight gradient's products, laid out like InputGrad's u) → dWeight [Cin, Cout, 4, 4]
    // (+=): the adjoint of InputGrad's transform — Gᵀ m G of each (ci, phase, co), back at the flipped kernel's taps.
    public static void WeightGrad(float[] m, int cin, in ConvGeometry g, float[] dWeight)
    {
        if (g.Kernel != 4 || g.Stride != 2 || dWeight.Length < cin * g.Channels * 16 || m.Length < 36 * cin * g.Channels)
        {
            throw new ArgumentException($"winograd weight gradient: kernel {g.Kernel}, stride {g.Stride}, dWeight {dWeight.Length} and m {m.Length} for {cin}→{g.Channels} channels");
        }

        var state = new State { Cin = cin, Cout = g.Channels };
        PhaseTaps(g, cin, ref state);
        fixed (float* pw = dWeight, pm = m)
        {
            state.Weight = pw;
            state.U = pm;
            Parts.Run(&state, &GradPart);
        }
    }

    private static void PhaseTaps(in ConvGeometry g, int cin, ref State state)
    {
        for (var p = 0; p < 4; p++)
        {
            ConvTransposePhases.PhaseGeometry(g, cin, p / 2, p % 2, out var ry, out var rx);
            state.Taps[p] = (ry * 4) + rx; // phase tap (a, b) is kernel tap (ry + 2(1 − a), rx + 2(1 − b))
        }
    }

    // Rows ci claimed by the threads; tap (r, s) of the flipped 2×2 kernel sums m's ξ = 3i + j, i ∈ {r, r + 1}, j ∈ {s, s + 1}.
    private static void GradPart(int part, int parts, void* state)
    {
        var s = (State*)state;
        int cin = s->Cin, cout = s->Cout;
        nint plane = (nint)cin * 4 * cout;
        while (Parts.Take(&s->Next, cin, out var ci))
        {
            for (var co = 0; co < cout; co++)
            {
                var kernel = s->Weight + ((nint)((ci * cout) + co) * 16);
                for (var p = 0; p < 4; p++)
                {
                    var m = s->U + ((nint)ci * 4 * cout) + (p * cout) + co;
                    float m0 = m[0], m1 = m[plane], m2 = m[2 * plane], m3 = m[3 * plane], m4 = m[4 * plane];
                    float m5 = m[5 * plane], m6 = m[6 * plane], m7 = m[7 * plane], m8 = m[8 * plane];
                    var t = kernel + s->Taps[p];
                    t[0] += m0 + m1 + m3 + m4; // flipped (0, 0) is phase tap (1, 1)
                    t[2] += m1 + m2 + m4 + m5;
                    t[8] += m3 + m4 + m6 + m7;
                    t[10] += m4 + m5 + m7 + m8;
                }
            }
        }
    }

    private static void Run(float[] weight, int cin, in ConvGeometry g, Span<float> u, bool forInputGrad)
    {
        if (g.Kernel != 4 || g.Stride != 2 || weight.Length < cin * g.Channels * 16 || u.Length < 36 * cin * g.Channels)
        {
            throw new ArgumentException($"winograd weights: kernel {g.Kernel}, stride {g.Stride}, weight {weight.Length} and u {u.Length} for {cin}→{g.Channels} channels");
        }

        var state = new State { Cin = cin, Cout = g.Channels, ForInputGrad = forInputGrad };
        PhaseTaps(g, cin, ref state);

        fixed (float* pw = weight, pu = u)
        {
            state.Weight = pw;
            state.U = pu;
            Parts.Run(&state, &Part);
        }
    }

    private struct State
    {
        public float* Weight; // dWeight for the weight gradient
        public float* U; // m for the weight gradient
        public int Cin, Cout;
        public bool ForInputGrad;
        public fixed int Taps[4];
        public int Next; // the next row to claim: co for the forward, ci for the input gradient
    }

    private static void Part(int part, int parts, void* state)
    {
        var s = (State*)state;
        int cin = s->Cin, cout = s->Cout, rows = s->ForInputGrad ? cin : cout;
        while (Parts.Take(&s->Next, rows, out var row))
        {
            for (var col = 0; col < (s->ForInputGrad ? cout : cin); col++)
            {
                var (ci, co) = s->ForInputGrad ? (row, col) : (col, row);
                var kernel = s->Weight + ((nint)((ci * cout) + co) * 16);
                for (var p = 0; p < 4; p++)
                {
                    var t = kernel + s->Taps[p];
                    float g00 = t[10], g01 = t[8], g10 = t[2], g11 = t[0]; // (a, b) ↦ t[8(1 − a) + 2(1 − b)]
                    if (s->ForInputGrad)
                    {
                        (g00, g01, g10, g11) = (g11, g10, g01, g00); // the adjoint correlates with the flipped kernel
                        Store(g00, g01, g10, g11, s->U + ((nint)ci * 4 * cout) + (p * cout) + co, (nint)cin * 4 * cout);
                    }
                    else
                    {
                        Store(g00, g01, g10, g11, s->U + ((nint)p * 9 * cout * cin) + ((nint)co * cin) + ci, (nint)cout * cin);
                    }
                }
            }
        }
    }

    // G g Gᵀ of the 2×2 kernel [g00 g01; g10 g11] → to[ξ·plane], ξ = 3i + j (G = [1 0; 1 1; 0 1]).
    private static void Store(float g00, float g01, float g10, float g11, float* to, nint plane)
    {
        float a0 = g00, a1 = g00 + g01, a2 = g01, b0 = g10, b1 = g10 + g11, b2 = g11;
        to[0] = a0;
        to[plane] = a1;
        to[2 * plane] = a2;
        to[3 * plane] = a0 + b0;
        to[4 * plane] = a1 + b1;
        to[5 * plane] = a2 + b2;
        to[6 * plane] = b0;
        to[7 * plane] = b1;
        to[8 * plane] = b2;
    }
}
