// The generator's transposed convolutions (128→128, 4×4, stride 2, Keras 'same') timed on both paths of one
// build, interleaved call by call so the shared host's drift hits both alike: the direct phase GEMMs and
// Winograd F(2×2, 2×2) — the forward pass, the input gradient alone (dx) and the whole backward pass as a training
// step runs it (dx + dW: the direct path shares one padded copy of dy between the two). Where the engine does not choose
// Winograd (7→14), both columns run the direct path.
// Run: dotnet run -c Release -- [managed|openblas|mkl] [quick: the 14→28 layer at n = 100 only]
// Each path is a KernelOptions value passed to the kernels: the same provider with Winograd on and off.
using System;
using System.Diagnostics;
using System.Linq;
using Ssgan.Engine.Kernels;
using BlasSel = Ssgan.Engine.Blas.Blas;

var provider = args.Length > 0 ? args[0] : "managed";
var winograd = KernelOptions.For(BlasSel.Create(provider, 2));
KernelOptions[] paths = [winograd with { Winograd = false }, winograd];
var rnd = new Random(1);
float[] Random(int length) => Enumerable.Range(0, length).Select(_ => (float)rnd.NextDouble() - 0.5f).ToArray();
const int rounds = 40;
foreach (var (h, n) in args.Length > 1 ? [(14, 100)] : new[] { (7, 100), (14, 100), (14, 50) })
{
    var g = ConvGeometry.ForTransposed(128, h, h, 4, 2, Padding.Same);
    float[] x = Random(n * 128 * h * h), w = Random(128 * 128 * 16), b = Random(128), dy = Random(n * 128 * 4 * h * h);
    float[] y = new float[dy.Length], dx = new float[x.Length], dw = new float[w.Length];
    foreach (var (pass, run) in new (string, Action<KernelOptions>)[]
    {
        ("forward", k => ConvTranspose2dKernels.Forward(k, x, w, b, n, 128, g, y)),
        ("dx     ", k => ConvTranspose2dKernels.Backward(k, x, w, dy, n, 128, g, dx, null, null)),
        ("dx + dW", k => ConvTranspose2dKernels.Backward(k, x, w, dy, n, 128, g, dx, dw, null)),
    })
    {
        var times = new double[2, rounds];
        for (var r = -3; r < rounds; r++)
        {
            for (var mode = 0; mode < 2; mode++)
            {
                var watch = Stopwatch.StartNew();
                run(paths[mode]);
                if (r >= 0)
                {
                    times[mode, r] = watch.Elapsed.TotalMilliseconds;
                }
            }
        }

        for (var mode = 0; mode < 2; mode++)
        {
            var sorted = Enumerable.Range(0, rounds).Select(r => times[mode, r]).Order().ToArray();
            Console.WriteLine($"{provider} {h}->{2 * h} n={n} {pass} {(mode == 1 ? "winograd" : "direct  ")}: min {sorted[0]:F1} median {sorted[rounds / 2]:F1} ms");
        }
    }
}
