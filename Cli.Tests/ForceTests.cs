using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>--force replaces a run of ours and nothing else, and only once every setting has been accepted.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ForceTests
{
    private static TempDirectory? temp;

    private static string Trained => Path.Combine(temp!.Path, "trained");

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        temp = new TempDirectory();
        RunFixtures.Train(Trained);
    }

    [ClassCleanup]
    public static void Delete() => temp?.Dispose();

    [TestMethod]
    public void Force_OnADirectoryThatIsNotARun_DeletesNothing()
    {
        using var scratch = new TempDirectory();
        var dir = Directory.CreateDirectory(scratch.File("v")).FullName;
        File.WriteAllText(Path.Combine(dir, "thesis.txt"), "keep");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir, "--force"]);

        Expect(ExitCodes.OutputDirectory, result, "has no config.json");
        Assert.AreEqual("keep", File.ReadAllText(Path.Combine(dir, "thesis.txt")));
        Assert.HasCount(1, Directory.GetFileSystemEntries(dir));
    }

    [TestMethod]
    [DataRow("thesis.txt", "'thesis.txt', which a run never writes", DisplayName = "a run holding another file")]
    [DataRow(".git", "git repository", DisplayName = "a run that is a git repository")]
    public void Force_OnARunWithSomethingElseInIt_DeletesNothing(string extra, string mentions)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        if (extra == ".git")
        {
            Directory.CreateDirectory(Path.Combine(dir, ".git"));
            File.WriteAllText(Path.Combine(dir, ".git", "HEAD"), "ref: refs/heads/main");
        }
        else
        {
            File.WriteAllText(Path.Combine(dir, extra), "keep");
        }

        var before = RunFixtures.Snapshot(dir);
        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir, "--force"]);

        Expect(ExitCodes.OutputDirectory, result, mentions);
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(dir));
    }

    [TestMethod]
    public void Force_OnAConfigThatIsNotARunConfig_DeletesNothing()
    {
        using var scratch = new TempDirectory();
        var dir = Directory.CreateDirectory(scratch.File("v")).FullName;
        File.WriteAllText(Path.Combine(dir, "config.json"), "{\"name\": \"my project\"}");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir, "--force"]);

        Expect(ExitCodes.OutputDirectory, result, "not a run configuration");
        Assert.IsTrue(File.Exists(Path.Combine(dir, "config.json")));
    }

    [TestMethod]
    [DataRow(".", "", DisplayName = "--out . (the working directory)")]
    [DataRow("..", "samples", DisplayName = "--out .. (a parent of the working directory)")]
    public void Force_OnTheWorkingDirectoryOrAParent_DeletesNothing(string outDir, string workIn)
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var before = RunFixtures.Snapshot(dir);

        var result = CliHarness.RunProcess([.. CliHarness.TinyRun, "--out", outDir, "--force"], workingDirectory: Path.Combine(dir, workIn));

        Expect(ExitCodes.OutputDirectory, result, "is the working directory or a parent of it");
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(dir));
    }

    [TestMethod]
    public void Force_OnTheHomeDirectory_DeletesNothing()
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("home"));
        var before = RunFixtures.Snapshot(dir);

        var result = CliHarness.RunProcess([.. CliHarness.TinyRun, "--out", dir, "--force"], home: dir);

        Expect(ExitCodes.OutputDirectory, result, "home directory");
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(dir));
    }

    [TestMethod]
    public void Force_WithASettingRefusedLater_DeletesNothing()
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        var before = RunFixtures.Snapshot(dir);

        // 60,010 labels pass the option checks; only the data shows there are not 6,001 images of every digit.
        var result = CliHarness.Run([.. CliHarness.TinyRunWith("--labels", "60010"), "--out", dir, "--force"]);

        Expect(ExitCodes.Usage, result, "60010");
        CollectionAssert.AreEqual(before, RunFixtures.Snapshot(dir));
    }

    [TestMethod]
    public void Force_OnARunOfOurs_ReplacesIt()
    {
        using var scratch = new TempDirectory();
        var dir = RunFixtures.Copy(Trained, scratch.File("run"));
        File.WriteAllText(new RunFiles(dir).Diagnostics, "{}");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir, "--force", "--seed", "9"]);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.IsFalse(File.Exists(new RunFiles(dir).Diagnostics), "the old run's files are gone");
        Assert.AreEqual(9UL, RunConfig.Load(new RunFiles(dir).Config).Training.Seed);
    }

    internal static void Expect(int code, CliResult result, string mentions)
    {
        Assert.AreEqual(code, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines, result.ToString());
        StringAssert.StartsWith(result.Error, "error: ");
        Assert.Contains(mentions, result.Error);
    }
}
