using System.Diagnostics;
using System.Globalization;

namespace Ssgan.Engine.Blas;

/// <summary>
/// The process-wide BLAS selection point (like MathNet's Control.LinearAlgebraProvider). Initialised lazily
/// from SSGAN_BLAS (mkl | openblas | managed | auto, default auto) and SSGAN_THREADS (default: all cores).
/// Use() is not meant to race with Sgemm calls on Current.
/// </summary>
public static class Blas
{
    /// <summary>Every provider's name, in the order <see cref="Probe"/> lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["openblas", "mkl", "managed"];

    /// <summary>
    /// Order tried by "auto". With a vector kernel the managed provider comes first: the models' convolutions run on
    /// its in-place im2col GEMMs with fused bias and LeakyReLU, which no native BLAS offers, and its step measured
    /// fastest of the three (benchmarks/README.md). Its portable kernel alone is slower than either native library.
    /// </summary>
    public static IReadOnlyList<string> AutoOrder { get; } =
        ManagedBlas.HasVectorKernel ? ["managed", "openblas", "mkl"] : ["openblas", "mkl", "managed"];

    private static string AutoWhy => ManagedBlas.HasVectorKernel
        ? "managed first: its vector kernel runs the convolutions in place with fused epilogues, the fastest step here"
        : "managed last: this CPU has no AVX2/FMA, so only its portable kernel would run";

    private static readonly Lock Gate = new();
    private static IBlasProvider? current;

    public static IBlasProvider Current
    {
        get
        {
            lock (Gate)
            {
                return current ??= FromEnvironment();
            }
        }
    }

    /// <summary>How Current was chosen; for auto, why each provider before the chosen one was passed over.</summary>
    public static string AutoReason { get; private set; } = "";

    public static string Describe() => Current.Describe();

    /// <summary>SSGAN_THREADS if set, else Environment.ProcessorCount.</summary>
    public static int DefaultThreads
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("SSGAN_THREADS");
            if (string.IsNullOrWhiteSpace(text))
            {
                return Environment.ProcessorCount;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads > 0
                ? threads
                : throw new BlasProviderException($"SSGAN_THREADS '{text}' is not a positive integer");
        }
    }

    /// <summary>Switches Current after a self-test; on failure Current is unchanged and a BlasProviderException says why.</summary>
    public static void Use(string name, int threads = 0)
    {
        IBlasProvider provider = Create(name, threads, out string reason);
        lock (Gate)
        {
            current = provider;
            AutoReason = reason;
        }
    }

    /// <summary>A verified provider without making it Current (tests and benchmarks compare several).</summary>
    public static IBlasProvider Create(string name, int threads = 0) => Create(name, threads, out _);

    private static IBlasProvider Create(string name, int threads, out string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        threads = threads == 0 ? DefaultThreads : threads;
        string key = (name ?? "").Trim().ToLowerInvariant();
        if (key == "auto")
        {
            return CreateAuto(threads, out reason);
        }

        reason = $"'{key}' selected explicitly";
        return key switch
        {
            "managed" => BlasSelfTest.Verify(new ManagedBlas(threads)),
            "openblas" => BlasSelfTest.Verify(OpenBlasProvider.Create(threads)),
            "mkl" => BlasSelfTest.Verify(MklProvider.Create(threads)),
            _ => throw new BlasProviderException(
                $"unknown BLAS provider '{name}' (expected one of: auto, {string.Join(", ", Names)})"),
        };
    }

    private static IBlasProvider CreateAuto(int threads, out string reason)
    {
        var passedOver = new List<string>();
        foreach (string name in AutoOrder)
        {
            try
            {
                IBlasProvider provider = Create(name, threads, out _);
                reason = passedOver.Count == 0
                    ? $"auto chose '{name}', first in order {string.Join(" > ", AutoOrder)} ({AutoWhy})"
                    : $"auto chose '{name}'; passed over: {string.Join("; ", passedOver)} ({AutoWhy})";
                return provider;
            }
            catch (BlasProviderException e)
            {
                passedOver.Add(e.Message);
            }
        }

        throw new BlasProviderException($"no BLAS provider works: {string.Join("; ", passedOver)}");
    }

    private static IBlasProvider FromEnvironment()
    {
        string name = Environment.GetEnvironmentVariable("SSGAN_BLAS") is { Length: > 0 } s ? s : "auto";
        IBlasProvider provider = Create(name, 0, out string reason);
        AutoReason = name == "auto" ? reason : $"SSGAN_BLAS={name}";
        return provider;
    }

    /// <summary>Every provider, available or not, with path or reason. Loads libraries but never calls into them.</summary>
    public static IReadOnlyList<BlasProbe> Probe()
    {
        bool openBlas = OpenBlasProvider.IsAvailable(out string openBlasDetail);
        bool mkl = MklProvider.IsAvailable(out string mklDetail);
        return
        [
            new BlasProbe("openblas", openBlas, openBlasDetail),
            new BlasProbe("mkl", mkl, mklDetail),
            new BlasProbe("managed", true, $"built in ({ManagedBlas.CpuFeatures})"),
        ];
    }

    /// <summary>Best of `repeats` timed size³ products after one warm-up: the peak, reported honestly as such.</summary>
    public static double MeasureSgemmGflops(IBlasProvider provider, int size = 1024, int repeats = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        float[] a = new float[size * size], b = new float[size * size], c = new float[size * size];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = ((i % 17) - 8) * 0.01f;
            b[i] = ((i % 13) - 6) * 0.01f;
        }

        provider.Sgemm(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            provider.Sgemm(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return 2.0 * size * size * size / best / 1e9;
    }
}
