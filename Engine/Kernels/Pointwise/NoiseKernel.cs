
namespace Ssgan.Engine.Kernels;

/// <summary>
/// y = x + σ·z, z standard normal, for the improved preset's noise layers (1.5 million draws a step). The draws come
/// in chunks of <see cref="Chunk"/>, chunk k from its own stream seeded by the k-th draw of the caller's generator,
/// so the chunks fill on the provider's threads and the values depend on the generator's state alone, never on the
/// thread count (NoiseKernelTests).
/// </summary>
internal static unsafe class NoiseKernel
{
    public const int Chunk = 8192;

    private struct State
    {
        public float* X;
        public float* Y;
        public ulong* Seeds;
        public int Length;
        public int Chunks;
        public float Sigma;
        public int Next;
    }

    // x[n], σ, rng → y[n]; rng moves on by ⌈n / Chunk⌉ draws
    public static void AddGaussian(ReadOnlySpan<float> x, float sigma, Rng rng, Span<float> y)
    {
        if (y.Length != x.Length)
        {
            throw new ArgumentException($"noise: x has {x.Length} elements, y {y.Length}");
        }

        var chunks = (x.Length + Chunk - 1) / Chunk;
        Span<ulong> seeds = chunks <= 256 ? stackalloc ulong[chunks] : new ulong[chunks];
        for (var k = 0; k < chunks; k++)
        {
            seeds[k] = rng.NextUInt64();
        }

        fixed (float* px = x, py = y)
        fixed (ulong* ps = seeds)
        {
            var state = new State { X = px, Y = py, Seeds = ps, Length = x.Length, Chunks = chunks, Sigma = sigma };
            if (chunks == 1)
            {
                Part(0, 1, &state);
            }
            else
            {
                Parts.Run(&state, &Part);
            }
        }
    }

    private static void Part(int part, int parts, void* state)
    {
        var s = (State*)state;
        while (Parts.Take(&s->Next, s->Chunks, out var k))
        {
            var start = k * Chunk;
            var length = Math.Min(Chunk, s->Length - start);
            var y = new Span<float>(s->Y + start, length);
            Rng.Gaussians(s->Seeds[k], y);
            MlpKernels.ScaleAndAdd(y, s->Sigma, new ReadOnlySpan<float>(s->X + start, length));
        }
    }
}
