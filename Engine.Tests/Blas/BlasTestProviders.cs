using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Tests.Blas;

internal static class BlasTestProviders
{
    /// <summary>
    /// A verified provider with 2 threads (so the threaded paths run). A native library that is not installed
    /// fails the test on CI, which installs all of them, and is inconclusive elsewhere.
    /// </summary>
    public static IBlasProvider Get(string name, int threads = 2)
    {
        try
        {
            return Ssgan.Engine.Blas.Blas.Create(name, threads);
        }
        catch (BlasProviderException e) when (!TestEnvironment.IsCi)
        {
            Assert.Inconclusive(e.Message);
            throw;
        }
        catch (BlasProviderException e)
        {
            Assert.Fail($"CI=true installs every BLAS, yet: {e.Message}");
            throw;
        }
    }
}
