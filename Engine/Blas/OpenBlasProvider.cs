using System.Runtime.InteropServices;

namespace Ssgan.Engine.Blas;

/// <summary>OpenBLAS cblas_sgemm through function pointers resolved from libopenblas.so.0 (loaded lazily, once).</summary>
public sealed unsafe class OpenBlasProvider : IBlasProvider
{
    private static readonly Lazy<(NativeBlasLibrary? Lib, string Reason)> Library = new(() =>
    {
        NativeBlasLibrary? lib = NativeBlasLibrary.TryLoad(
            ["libopenblas.so.0", "libopenblas.so"],
            ["cblas_sgemm", "openblas_set_num_threads", "openblas_get_num_threads", "openblas_get_config"],
            "install libopenblas0-pthread", out string reason);
        return (lib, reason);
    });

    private static readonly Lock ThreadGate = new();
    private static int threadsSet;

    private readonly NativeBlasLibrary lib;
    private readonly int requested;
    private readonly CblasSgemm sgemm;

    private OpenBlasProvider(NativeBlasLibrary lib, int threads)
    {
        this.lib = lib;
        sgemm = new CblasSgemm(lib);
        requested = threads;
        ApplyThreads();
        Threads = ((delegate* unmanaged<int>)lib.Export("openblas_get_num_threads"))();
    }

    public string Name => "openblas";

    public int Threads { get; }

    /// <summary>Library path, or why it cannot be used; never calls into the library.</summary>
    public static bool IsAvailable(out string detail)
    {
        (NativeBlasLibrary? lib, string reason) = Library.Value;
        detail = lib?.Path ?? reason;
        return lib is not null;
    }

    internal static OpenBlasProvider Create(int threads)
    {
        (NativeBlasLibrary? lib, string reason) = Library.Value;
        return lib is null
            ? throw new BlasProviderException($"BLAS provider 'openblas' is not available: {reason}")
            : new OpenBlasProvider(lib, threads);
    }

    public string Describe()
    {
        string config = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)lib.Export("openblas_get_config"))()) ?? "?";
        return $"openblas ({lib.Path}; {config.Trim()}), {Threads} thread(s)";
    }

    public void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        ApplyThreads(); // the thread count is process-wide: another instance may have changed it
        sgemm.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private void ApplyThreads()
    {
        lock (ThreadGate)
        {
            if (threadsSet != requested)
            {
                ((delegate* unmanaged<int, void>)lib.Export("openblas_set_num_threads"))(requested);
                threadsSet = requested;
            }
        }
    }
}
