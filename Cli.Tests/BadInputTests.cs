using Ssgan.Cli;
using Ssgan.Engine.Blas;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Data;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>Every bad input ends in one "error:" line and its documented exit code, and never touches an existing run.</summary>
[TestClass]
[DoNotParallelize]
public sealed class BadInputTests
{
    private static TempDirectory? trained;

    private static string Trained => Path.Combine(trained!.Path, "run");

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        trained = new TempDirectory();
        RunFixtures.Train(Trained);
    }

    [ClassCleanup]
    public static void Delete() => trained?.Dispose();

    [TestMethod]
    [DataRow(ExitCodes.Usage, new[] { "--lr", "0", "--force" }, "learning rate", DisplayName = "--lr 0")]
    [DataRow(ExitCodes.Usage, new[] { "--labels", "15", "--force" }, "labels must be a positive multiple of 10 (got 15)", DisplayName = "--labels 15")]
    [DataRow(ExitCodes.Usage, new[] { "--batch", "7", "--force" }, "batch 7", DisplayName = "--batch 7")]
    [DataRow(ExitCodes.Usage, new[] { "--epochs", "many" }, "many", DisplayName = "--epochs not a number")]
    [DataRow(ExitCodes.Usage, new[] { "--provider", "cuda", "--force" }, "cuda", DisplayName = "--provider unknown")]
    [DataRow(ExitCodes.Usage, new[] { "--threads", "-1", "--force" }, "--threads", DisplayName = "--threads -1")]
    [DataRow(ExitCodes.Data, new[] { "--data", "/nonexistent/mnist", "--force" }, "/nonexistent/mnist", DisplayName = "--data missing")]
    [DataRow(ExitCodes.OutputDirectory, new string[0], "a run already exists here", DisplayName = "existing run without --force")]
    [DataRow(ExitCodes.Usage, new[] { "--width", "5000", "--force" }, "width must be 1–1,024 (got 5000)", DisplayName = "--width 5000")]
    [DataRow(ExitCodes.Usage, new[] { "--latent", "10000", "--force" }, "latent must be 1–4,096 (got 10000)", DisplayName = "--latent 10000")]
    [DataRow(ExitCodes.Usage, new[] { "--batch", "100000", "--force" }, "batch must be 2–10,000 (got 100000)", DisplayName = "--batch 100000")]
    [DataRow(ExitCodes.Usage, new[] { "--steps", "2147483647", "--force" }, "steps must be 0–100,000,000 (got 2147483647)", DisplayName = "--steps 2147483647")]
    [DataRow(ExitCodes.Usage, new[] { "--epochs", "1000000", "--force" }, "epochs must be 0–100,000 (got 1000000)", DisplayName = "--epochs 1000000")]
    [DataRow(ExitCodes.Usage, new[] { "--epochs", "100000", "--batch", "2", "--force" }, "more than the 100,000,000 allowed", DisplayName = "--epochs × steps per epoch over the limit")]
    [DataRow(ExitCodes.Usage, new[] { "--threads", "2000", "--force" }, "--threads must be at most", DisplayName = "--threads 2000")]
    [DataRow(ExitCodes.Usage, new[] { "--preset", "improved", "--teacher-ema", "0.99", "--force" }, "needs the consistency loss (got teacher 0.99, consistency weight 0)", DisplayName = "--teacher-ema without --consistency-weight")]
    public void Train_BadInput_OneLineErrorAndExistingRunUntouched(int exitCode, string[] options, string mentions)
    {
        using var temp = new TempDirectory();
        var existing = RunFixtures.Copy(Trained, temp.File("existing"));
        var before = Snapshot(existing);

        var result = CliHarness.Run(["train", "--out", existing, .. options]);

        Assert.AreEqual(exitCode, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines, result.ToString());
        StringAssert.StartsWith(result.Error, "error: ");
        Assert.Contains(mentions, result.Error);
        Assert.DoesNotContain(" at Ssgan.", result.Error, "no stack trace without --verbose");
        CollectionAssert.AreEqual(before, Snapshot(existing));
    }

    [TestMethod]
    [DataRow("classify", DisplayName = "classify --threads 2000")]
    [DataRow("evaluate", DisplayName = "evaluate --threads 2000")]
    [DataRow("resume", DisplayName = "train --resume --threads 2000")]
    public void Threads_OverFourPerCore_AreRefused(string command)
    {
        using var temp = new TempDirectory();
        var image = temp.File("digit.png");
        Training.Pictures.DigitGrid.Save(image, BundledMnist.Dataset.Test.Image(0), new Training.Pictures.DigitGridOptions { Rows = 1, Cols = 1 });
        string[] args = command switch
        {
            "classify" => ["classify", Trained, image],
            "evaluate" => ["evaluate", Trained],
            _ => ["train", "--resume", RunFixtures.Copy(Trained, temp.File("run"))],
        };

        var result = CliHarness.Run([.. args, "--threads", "2000"]);

        Assert.AreEqual(ExitCodes.Usage, result.ExitCode, result.ToString());
        Assert.Contains($"--threads must be at most {Limits.MaxThreads}", result.Error);
        Assert.Contains("got 2000", result.Error);
    }

    [TestMethod]
    public void Train_OutputThatCannotBeADirectory_IsRefusedBeforeTraining()
    {
        using var temp = new TempDirectory();
        var file = temp.File("a-file");
        File.WriteAllText(file, "keep me");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", Path.Combine(file, "run")]);

        Assert.AreEqual(ExitCodes.OutputDirectory, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines, result.ToString());
        Assert.Contains("cannot write the run directory", result.Error);
        Assert.AreEqual("keep me", File.ReadAllText(file));
        Assert.DoesNotContain("step ", result.Out, "nothing may have trained");
    }

    [TestMethod]
    public void Divergence_IsExitCode7_WithDiagnostics()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("run");

        var result = CliHarness.Run([.. CliHarness.TinyRun, "--lr", "1e30", "--out", dir]);

        Assert.AreEqual(ExitCodes.Diverged, result.ExitCode, result.ToString());
        Assert.HasCount(1, result.ErrorLines);
        Assert.Contains("diverged", result.Error);
        Assert.IsTrue(File.Exists(new RunFiles(dir).Diagnostics));
    }

    [TestMethod]
    public void Verbose_AddsTheStackTrace()
    {
        var result = CliHarness.Run("train", "--lr", "0", "--verbose");

        Assert.AreEqual(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("ArgumentException", result.Error);
    }

    [TestMethod]
    public void NoCommand_IsAUsageError()
    {
        var result = CliHarness.Run();

        Assert.AreEqual(ExitCodes.Usage, result.ExitCode);
        Assert.HasCount(1, result.ErrorLines);
    }

    [TestMethod]
    public void Help_DocumentsEveryExitCode()
    {
        var result = CliHarness.Run("--help");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode);
        foreach (var (code, meaning) in ExitCodes.Documented)
        {
            Assert.Contains($"{code,3}  {meaning}", result.Out);
        }
    }

    [TestMethod]
    public void Exceptions_MapToTheirDocumentedCodes()
    {
        Assert.AreEqual(ExitCodes.Data, ErrorReport.ExitCodeFor(new DataFormatException("x")));
        Assert.AreEqual(ExitCodes.Checkpoint, ErrorReport.ExitCodeFor(new CheckpointFormatException("x")));
        Assert.AreEqual(ExitCodes.OutputDirectory, ErrorReport.ExitCodeFor(new RunSetupException("x")));
        Assert.AreEqual(ExitCodes.BlasProvider, ErrorReport.ExitCodeFor(new BlasProviderException("x")));
        Assert.AreEqual(ExitCodes.Diverged, ErrorReport.ExitCodeFor(new TrainingDivergedException("x")));
        Assert.AreEqual(ExitCodes.Usage, ErrorReport.ExitCodeFor(new ArgumentException("x")));
        Assert.AreEqual(ExitCodes.Internal, ErrorReport.ExitCodeFor(new InvalidOperationException("x")));
    }

    private static string[] Snapshot(string dir) => RunFixtures.Snapshot(dir);
}
