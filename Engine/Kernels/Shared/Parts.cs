using System.Runtime.InteropServices;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The kernels' one parallel loop, on the GEMM worker pool's threads (as many as the provider uses). <see cref="Run"/>
/// takes body(part, parts, state) with the state an unmanaged struct on the caller's stack, so a call allocates
/// nothing (the Winograd and padding kernels make a few hundred calls per training step); <see cref="For"/> is the
/// convenient form for loops over images or channels. A body must not start another parallel loop.
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

    /// <summary>body(i) for every i in [0, count), items taken as the parts go (like Parallel.For over a range).</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 1)
        {
            if (count == 1)
            {
                body(0);
            }

            return;
        }

        var handle = GCHandle.Alloc(body);
        try
        {
            var state = new ForState { Body = GCHandle.ToIntPtr(handle), Count = count };
            Run(&state, &ForPart);
        }
        finally
        {
            handle.Free();
        }
    }

    private struct ForState
    {
        public nint Body;
        public int Count;
        public int Next;
    }

    private static void ForPart(int part, int parts, void* state)
    {
        var s = (ForState*)state;
        var body = (Action<int>)GCHandle.FromIntPtr(s->Body).Target!;
        while (Take(&s->Next, s->Count, out var item))
        {
            body(item);
        }
    }
}
