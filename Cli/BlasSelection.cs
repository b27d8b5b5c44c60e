using Ssgan.Engine.Blas;
using Ssgan.Training.Runs;

namespace Ssgan.Cli;

/// <summary>Applies --provider / --threads before any work, so a missing library fails fast with exit code 6.</summary>
internal static class BlasSelection
{
    /// <param name="provider">--provider, or null for SSGAN_BLAS (default auto).</param>
    /// <param name="threads">--threads, or 0 for SSGAN_THREADS (default: all cores).</param>
    public static IBlasProvider Apply(string? provider, int threads)
    {
        if (threads < 0)
        {
            throw new ArgumentException($"--threads must be ≥ 0 (0 = all cores), got {threads}");
        }

        CheckThreadLimit(threads);

        if (provider is null && threads == 0)
        {
            return Blas.Current;
        }

        var name = provider ?? (Environment.GetEnvironmentVariable("SSGAN_BLAS") is { Length: > 0 } env ? env : "auto");
        Blas.Use(name, threads);
        return Blas.Current;
    }

    /// <summary>--threads at most <see cref="Limits.ThreadsPerCore"/> per core: more only adds OS threads that wait.</summary>
    public static void CheckThreadLimit(int threads)
    {
        if (threads > Limits.MaxThreads)
        {
            throw new ArgumentException($"--threads must be at most {Limits.MaxThreads} ({Limits.ThreadsPerCore} × {Environment.ProcessorCount} cores), got {threads}");
        }
    }
}
