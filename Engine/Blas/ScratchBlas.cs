namespace Ssgan.Engine.Blas;

// TEMPORARY stand-in until the provider seam lands; deleted at merge.
public static class Blas
{
    public static IBlasProvider Current { get; } = new Naive();

    private sealed class Naive : IBlasProvider
    {
        public string Name => "naive";

        public int Threads => 1;

        public string Describe() => "naive";

        public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var s = 0f;
                    for (var p = 0; p < k; p++)
                    {
                        s += (transA ? a[(p * lda) + i] : a[(i * lda) + p]) * (transB ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                    }

                    c[(i * ldc) + j] = (beta == 0 ? 0 : beta * c[(i * ldc) + j]) + (alpha * s);
                }
            }
        }
    }
}
