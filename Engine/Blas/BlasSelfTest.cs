namespace Ssgan.Engine.Blas;

/// <summary>A provider must reproduce the naive reference on a tiny product before it is handed out.</summary>
internal static class BlasSelfTest
{
    public static IBlasProvider Verify(IBlasProvider provider)
    {
        try
        {
            Check(provider, false, false, 0f);
            Check(provider, true, true, 0.5f);
            return provider;
        }
        catch (BlasProviderException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new BlasProviderException($"BLAS provider '{provider.Name}' failed its self-test: {e.Message}", e);
        }
    }

    // 5×7 = op(A) 5×3 · op(B) 3×7 on small integers, so every provider must agree exactly up to rounding.
    private static void Check(IBlasProvider provider, bool transA, bool transB, float beta)
    {
        const int M = 5, N = 7, K = 3;
        Span<float> a = stackalloc float[M * K];
        Span<float> b = stackalloc float[K * N];
        Span<float> got = stackalloc float[M * N];
        Span<float> want = stackalloc float[M * N];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (i % 5) - 2;
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (i % 4) - 1;
        }

        for (int i = 0; i < got.Length; i++)
        {
            got[i] = beta == 0f ? float.NaN : i; // beta = 0 must overwrite NaN
            want[i] = i;
        }

        provider.Sgemm(transA, transB, M, N, K, 1.5f, a, transA ? M : K, b, transB ? K : N, beta, got, N);
        ManagedBlas.SgemmNaive(transA, transB, M, N, K, 1.5f, a, transA ? M : K, b, transB ? K : N, beta, want, N);
        for (int i = 0; i < got.Length; i++)
        {
            if (!(Math.Abs(got[i] - want[i]) <= 1e-4f * (1f + Math.Abs(want[i]))))
            {
                throw new BlasProviderException(
                    $"BLAS provider '{provider.Name}' gives wrong results: c[{i}] = {got[i]}, expected {want[i]} " +
                    $"(transA {transA}, transB {transB}, beta {beta})");
            }
        }
    }
}
