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

    private static void PhaseTaps(in ConvGeometry g, int cin, ref State state)
    {
        for (var p = 0; p < 4; p++)
        {
            ConvTransposePhases.PhaseGeometry(g, cin, p / 2, p % 2, out var ry, out var rx);
            state.Taps[p] = (ry * 4) + rx; // phase tap (a, b) is kernel tap (ry + 2(1 − a), rx + 2(1 − b))
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
        public float* Weight;
        public float* U;
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
