using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// A kernel's parallel loop on the GEMM worker pool's threads (as many as the provider uses): body(part, parts,
/// state) with the state an unmanaged struct on the caller's stack, so a call allocates nothing — Parallel.For
/// allocated ~1.7 KB a call, and the Winograd and padding kernels make a few hundred calls per training step.
/// </summary>
internal static unsafe class Parts
{
    public static void Run(void* state, delegate*<int, int, void*, void> body) =>
        GemmWorkerPool.For(Math.Max(1, Blas.Blas.Current.Threads), state, body);

    /// <summary>
    /// The next unclaimed item below count, from a counter every part shares (starting at 0): parts take items as
    /// they go, so a thread the shared host slows down takes fewer — fixed halves measured slower steps.
    /// </summary>
    public static bool Take(int* next, int count, out int item)
    {
        item = Interlocked.Increment(ref *next) - 1;
        return item < count;
    }
}
