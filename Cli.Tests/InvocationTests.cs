using Ssgan.Cli;

namespace Ssgan.Cli.Tests;

/// <summary>The command prefix printed in hints ("resume with: …") matches how the program was started.</summary>
[TestClass]
public sealed class InvocationTests
{
    [TestMethod]
    public void InstalledTool_IsSsgan() =>
        Assert.AreEqual("ssgan", Invocation.Detect("/home/u/tools/.store/ssgan.cli/0.1.0/ssgan.cli/0.1.0/tools/net10.0/linux-x64/", "/"));

    [TestMethod]
    public void Clone_IsDotnetRun_RelativeInsideTheClone_AbsoluteOutside()
    {
        using var temp = new TempDirectory();
        var bin = Directory.CreateDirectory(Path.Combine(temp.Path, "Cli", "bin", "Release", "net10.0")).FullName;
        File.WriteAllText(Path.Combine(temp.Path, "Cli", "Cli.csproj"), "<Project />");

        Assert.AreEqual("dotnet run --project Cli -c Release --", Invocation.Detect(bin, temp.Path));
        Assert.AreEqual($"dotnet run --project {Path.Combine(temp.Path, "Cli")} -c Release --", Invocation.Detect(bin, "/"));
    }

    [TestMethod]
    public void AssetsNextToTheBinary_AreFoundWithoutAClone()
    {
        using var temp = new TempDirectory();
        var mnist = Directory.CreateDirectory(Path.Combine(temp.Path, "assets", "mnist")).FullName;

        Assert.AreEqual(mnist, global::Ssgan.Training.Data.AssetDirectory.Find(Path.Combine("assets", "mnist"), temp.Path));
    }
}
