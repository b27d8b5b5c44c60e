namespace Ssgan.Engine.Blas;

/// <summary>Intel MKL cblas_sgemm from libmkl_rt (single dynamic library), GNU OpenMP threads or sequential.</summary>
public sealed unsafe class MklProvider : IBlasProvider
{
    private static readonly Lock ThreadGate = new();
    private static int threadsSet;

    private readonly NativeBlasLibrary lib;
    private readonly CblasSgemm sgemm;

    private MklProvider(NativeBlasLibrary lib, int threads)
    {
        this.lib = lib;
        MklRuntime.EnsureLayer(lib, threads);
        // The sequential layer ignores the thread count, so report what actually runs.
        Threads = MklRuntime.Layer == MklRuntime.LayerSequential ? 1 : threads;
        sgemm = new CblasSgemm(lib);
        ApplyThreads();
    }

    public string Name => "mkl";

    public int Threads { get; }

    /// <summary>Library path, or why it cannot be used; loads the library but never calls into it.</summary>
    public static bool IsAvailable(out string detail)
    {
        NativeBlasLibrary? lib = MklRuntime.Lib(out string reason);
        detail = lib?.Path ?? reason;
        return lib is not null;
    }

    internal static MklProvider Create(int threads)
    {
        NativeBlasLibrary? lib = MklRuntime.Lib(out string reason);
        return lib is null
            ? throw new BlasProviderException($"BLAS provider 'mkl' is not available: {reason}")
            : new MklProvider(lib, threads);
    }

    public string Describe()
    {
        string layer = MklRuntime.Layer == MklRuntime.LayerGnu ? "GNU OpenMP threads" : "sequential";
        string note = MklRuntime.LayerNote.Length > 0 ? $" [{MklRuntime.LayerNote}]" : "";
        return $"mkl ({lib.Path}; {MklRuntime.Version(lib)}; {layer}{note}), {Threads} thread(s)";
    }

    public void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        ApplyThreads(); // MKL's thread count is process-wide: another instance may have changed it
        sgemm.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private void ApplyThreads()
    {
        lock (ThreadGate)
        {
            if (threadsSet != Threads)
            {
                ((delegate* unmanaged<int, void>)lib.Export("MKL_Set_Num_Threads"))(Threads);
                threadsSet = Threads;
            }
        }
    }
}
