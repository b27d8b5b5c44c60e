using Ssgan.Engine.Kernels;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>The noise layers' chunked draws: what each chunk holds, and that the thread count changes nothing.</summary>
[TestClass]
[DoNotParallelize] // switches the process-wide provider for its thread count
public sealed class NoiseKernelTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(NoiseKernel.Chunk)]
    [DataRow((3 * NoiseKernel.Chunk) + 5)]
    public void EachChunkIsTheStreamOfOneDrawAndTheGeneratorMovesOnByOneDrawAChunk(int n)
    {
        var x = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i)).ToArray();
        var y = new float[n];
        var rng = new Rng(21);
        NoiseKernel.AddGaussian(x, 0.5f, rng, y);

        var reference = new Rng(21);
        var chunks = (n + NoiseKernel.Chunk - 1) / NoiseKernel.Chunk;
        for (var k = 0; k < chunks; k++)
        {
            var start = k * NoiseKernel.Chunk;
            var z = new float[Math.Min(NoiseKernel.Chunk, n - start)];
            Rng.Gaussians(reference.NextUInt64(), z);
            for (var i = 0; i < z.Length; i++)
            {
                // The kernel's own float arithmetic: σ·z rounded, then + x rounded.
                Assert.AreEqual((0.5f * z[i]) + x[start + i], y[start + i], $"chunk {k}, element {i}");
            }
        }

        Assert.AreEqual(reference.NextUInt64(), rng.NextUInt64(), "the generator moves on by one draw per chunk");
    }

    [TestMethod]
    public void TheDrawsDoNotDependOnTheThreadCount()
    {
        var previous = BlasSelect.Current;
        try
        {
            var n = (5 * NoiseKernel.Chunk) + 77;
            var x = new float[n];
            var results = new List<float[]>();
            foreach (var threads in (int[])[1, 2])
            {
                BlasSelect.Use("managed", threads);
                var y = new float[n];
                NoiseKernel.AddGaussian(x, 1f, new Rng(4), y);
                results.Add(y);
            }

            CollectionAssert.AreEqual(results[0], results[1]);
            Assert.IsTrue(results[0].Distinct().Count() > n / 2, "distinct draws across the chunks");
        }
        finally
        {
            BlasSelect.Use(previous.Name, previous.Threads);
        }
    }

    [TestMethod]
    public void TheStaticStreamIsTheSeededGeneratorsStream()
    {
        var z = new float[100];
        Rng.Gaussians(77, z);
        var expected = new float[100];
        new Rng(77).NextGaussians(expected);
        CollectionAssert.AreEqual(expected, z);
    }

    [TestMethod]
    public void MismatchedLengthsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => NoiseKernel.AddGaussian(new float[4], 1f, new Rng(1), new float[5]));
        StringAssert.Contains(e.Message, "4");
    }
}
