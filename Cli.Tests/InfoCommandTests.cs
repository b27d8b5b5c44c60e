using Ssgan.Cli;

namespace Ssgan.Cli.Tests;

[TestClass]
[DoNotParallelize]
public sealed class InfoCommandTests
{
    [TestMethod]
    public void Info_ListsVersionsProvidersAndCpuFeatures()
    {
        var result = CliHarness.Run("info");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        foreach (var expected in new[] { "ssgan:", "Ssgan.Training:", "dotnet: .NET", "os:", "managed: available", "openblas:", "mkl:", "active:", "AVX2:", "FMA:", "AVX-512F:", "Vector256 accelerated:", "model:" })
        {
            Assert.Contains(expected, result.Out);
        }
    }
}
