using Ssgan.Engine.Blas;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Blas;

internal static class BlasTestProviders
{
    /// <summary>
    /// A verified provider with 2 threads (so the threaded paths run). Only a native library that is not
    /// installed is tolerated, and only off CI (which installs all of them): a provider that is present but
    /// fails its self-test always fails the test.
    /// </summary>
    public static IBlasProvider Get(string name, int threads = 2)
    {
        foreach (BlasProbe probe in BlasSelect.Probe())
        {
            if (probe.Name == name && !probe.Available)
            {
                string message = $"BLAS provider '{name}' is not installed: {probe.Detail}";
                if (TestEnvironment.IsCi)
                {
                    Assert.Fail($"CI=true installs every BLAS, yet {message}");
                }

                Assert.Inconclusive(message);
            }
        }

        return BlasSelect.Create(name, threads);
    }
}
