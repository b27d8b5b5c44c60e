// The generator's transposed convolutions (128→128, 4×4, stride 2, Keras 'same') timed forward on both paths
// of one build, interleaved round by round so the shared host's drift hits both alike: the direct phase GEMMs
// and Winograd F(2×2, 2×2). Run: dotnet run -c Release -- [managed|openblas|mkl]
// The Winograd switch is internal to the engine (a test hook), hence the reflection in this scratch harness.
using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using Ssgan.Engine.Kernels;
using BlasSel = Ssgan.Engine.Blas.Blas;
var prov = args.Length > 0 ? args[0] : "managed";
BlasSel.Use(prov, 2);
var asm = typeof(ConvGeometry).Assembly;
var wino = asm.GetType("Ssgan.Engine.Kernels.ConvTranspose2dWinograd")!.GetProperty("Enabled", BindingFlags.Static | BindingFlags.NonPublic)!;
var rnd = new Random(1);
foreach (var (h, n) in new[] { (7, 100), (14, 100), (14, 50) }) {
  var g = ConvGeometry.ForTransposed(128, h, h, 4, 2, Padding.Same);
  var x = new float[n*128*h*h]; var w = new float[128*128*16]; var b = new float[128]; var y = new float[n*128*4*h*h];
  for (int i=0;i<x.Length;i++) x[i]=(float)rnd.NextDouble()-0.5f; for (int i=0;i<w.Length;i++) w[i]=(float)rnd.NextDouble()-0.5f;
  var t = new double[2][]; t[0]=new double[40]; t[1]=new double[40];
  for (int r=-3;r<40;r++) for (int mode=0; mode<2; mode++) {
    wino.SetValue(null, mode==1);
    var sw = Stopwatch.StartNew(); ConvTranspose2dKernels.Forward(x, w, b, n, 128, g, y); var s = sw.Elapsed.TotalMilliseconds;
    if (r>=0) t[mode][r]=s;
  }
  foreach (var mode in new[]{0,1}) { var a = t[mode].OrderBy(v=>v).ToArray(); Console.WriteLine($"{prov} {h}->{2*h} n={n} {(mode==1?"winograd":"direct  ")}: min {a[0]:F1} median {a[20]:F1} ms"); }
}
