using System.Runtime.ExceptionServices;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Process-wide helper threads for the managed GEMM. Unlike Parallel.For this allocates nothing per call,
/// and the caller's thread does part 0 itself. One call at a time: a concurrent caller runs serially instead.
/// </summary>
internal static class GemmWorkerPool
{
    private static readonly Lock Gate = new();
    private static readonly List<SemaphoreSlim> Starts = [];
    private static readonly ManualResetEventSlim Done = new(false);
    private static GemmJob job;
    private static int parts;
    private static bool splitN;
    private static int pending;
    private static Exception? failure;

    public static void Run(in GemmJob work, int threads)
    {
        int n = work.Parts(threads, out bool alongN);
        if (n <= 1 || !Gate.TryEnter())
        {
            work.RunPart(0, 1, alongN);
            return;
        }

        try
        {
            while (Starts.Count < n - 1)
            {
                AddWorker();
            }

            job = work;
            parts = n;
            splitN = alongN;
            failure = null;
            pending = n - 1;
            Done.Reset();
            for (int i = 0; i < n - 1; i++)
            {
                Starts[i].Release();
            }

            try
            {
                work.RunPart(0, n, alongN);
            }
            finally
            {
                Done.Wait(); // even if part 0 threw: the workers still read the pinned spans
            }

            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            Gate.Exit();
        }
    }

    /// <summary>
    /// body(part, parts, state) for part = 0 … parts − 1 on these threads (parts = threads, or 1 when another call
    /// holds the pool): the kernels' own parallel loops, which with Parallel.For allocated ~1.7 KB a call.
    /// </summary>
    public static unsafe void For(int threads, void* state, delegate*<int, int, void*, void> body) =>
        Run(new GemmJob { Body = body, State = state }, threads);

    // Helper threads live as long as the process: they block on their semaphore between calls.
    private static void AddWorker()
    {
        int index = Starts.Count + 1;
        var start = new SemaphoreSlim(0);
        Starts.Add(start);
        new Thread(() => Loop(index, start)) { IsBackground = true, Name = $"ssgan-gemm-{index}" }.Start();
    }

    private static void Loop(int index, SemaphoreSlim start)
    {
        while (true)
        {
            start.Wait();
            try
            {
                job.RunPart(index, parts, splitN);
            }
            catch (Exception e)
            {
                failure = e;
            }

            if (Interlocked.Decrement(ref pending) == 0)
            {
                Done.Set();
            }
        }
    }
}
