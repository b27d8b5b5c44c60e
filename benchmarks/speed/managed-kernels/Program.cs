using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Ssgan.Engine.Blas;

// SGEMM GFLOPS of the managed AVX2 and AVX-512 kernels, interleaved shape by shape so a shared host's load falls on
// both alike. Arguments: rounds (5), threads (2). Each timing is the best call of at least 0.4 s of calls.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
(string Name, bool TransA, bool TransB, int M, int N, int K)[] shapes =
[
    ("1024^3", false, false, 1024, 1024, 1024),
    ("conv 128x1568x1152", false, false, 128, 1568, 1152),
    ("conv 64x6272x576", false, false, 64, 6272, 576),
    ("mlp fwd 300x1000x784 NT", false, true, 300, 1000, 784),
    ("mlp dW 1000x784x300 TN", true, false, 1000, 784, 300),
];
ManagedKernel[] kernels = [ManagedKernel.Avx2, ManagedKernel.Avx512];
var providers = kernels.Select(k => Internals.Create(threads, k, packEveryB: false)).ToArray();
foreach (var p in providers)
{
    Console.WriteLine(p.Describe());
}

var rng = new Random(1);
var data = shapes.Select(s => (A: Random(rng, s.M * s.K), B: Random(rng, s.K * s.N), C: new float[s.M * s.N])).ToArray();
var gflops = new List<double>[shapes.Length, kernels.Length];
for (var warm = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(warm).TotalSeconds < 2;)
{
    foreach (var p in providers)
    {
        Run(p, shapes[0], data[0]);
    }
}

for (var r = 0; r < rounds; r++)
{
    for (var s = 0; s < shapes.Length; s++)
    {
        for (var k = 0; k < kernels.Length; k++)
        {
            (gflops[s, k] ??= []).Add(Time(providers[k], shapes[s], data[s]));
        }
    }
}

Console.WriteLine($"{"shape",-26} {"kernel",-7} {"median",7} {"best",7}  rounds");
for (var s = 0; s < shapes.Length; s++)
{
    for (var k = 0; k < kernels.Length; k++)
    {
        var x = gflops[s, k];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shapes[s].Name,-26} {kernels[k],-7} {Median(x),7:F1} {x.Max(),7:F1}  {string.Join(" ", x.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))}"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shapes[s].Name,-26} AVX-512/AVX2 median {Median(gflops[s, 1]) / Median(gflops[s, 0]):F2}"));
}

static double Time(ManagedBlas blas, (string Name, bool TransA, bool TransB, int M, int N, int K) s, (float[] A, float[] B, float[] C) d)
{
    Run(blas, s, d);
    var best = double.MaxValue;
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < 3 || Stopwatch.GetElapsedTime(start).TotalSeconds < 0.4; i++)
    {
        var t = Stopwatch.GetTimestamp();
        Run(blas, s, d);
        best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalSeconds);
    }

    return 2.0 * s.M * s.N * s.K / best / 1e9;
}

static void Run(ManagedBlas blas, (string Name, bool TransA, bool TransB, int M, int N, int K) s, (float[] A, float[] B, float[] C) d) =>
    blas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, d.A, s.TransA ? s.M : s.K, d.B, s.TransB ? s.K : s.N, 0f, d.C, s.N);

static double Median(List<double> x)
{
    var sorted = x.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static float[] Random(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1))];

/// <summary>The kernel-choosing constructor is internal to the engine; a bench outside it reaches it at compile time.</summary>
internal static class Internals
{
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    public static extern ManagedBlas Create(int threads, ManagedKernel kernel, bool packEveryB);
}
