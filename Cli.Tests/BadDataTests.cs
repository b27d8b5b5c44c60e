using Ssgan.Training.Data;

namespace Ssgan.Cli.Tests;

/// <summary>--data that would cost unbounded memory, fail late or block is refused at load with exit 3.</summary>
[TestClass]
[DoNotParallelize]
public sealed class BadDataTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    [DataRow("size", "images are 32×32; the models are built for 28×28", DisplayName = "--data images 32×32")]
    [DataRow("count", "header declares 500000 images, more than the 100000", DisplayName = "--data declaring 500,000 images")]
    [DataRow("fifo", "is a FIFO (named pipe), not a regular file", DisplayName = "--data file that is a FIFO")]
    [DataRow("directory", "not found", DisplayName = "--data file that is a directory")]
    public void Train_WithBadData_IsExit3_BeforeTheRunDirectoryExists(string kind, string mentions)
    {
        using var temp = new TempDirectory();
        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        var bundled = MnistFiles.FindBundledDirectory();
        foreach (var name in new[] { MnistFiles.TrainLabels, MnistFiles.TestImages, MnistFiles.TestLabels })
        {
            File.Copy(Path.Combine(bundled, name + ".gz"), Path.Combine(data, name + ".gz"));
        }

        var trainImages = Path.Combine(data, MnistFiles.TrainImages);
        switch (kind)
        {
            case "size":
                File.WriteAllBytes(trainImages, IdxFiles.Images(10, 32, 32, 10 * 32 * 32));
                break;
            case "count":
                File.WriteAllBytes(trainImages + ".gz", IdxFiles.Gzip(IdxFiles.Images(500_000, 28, 28, 0)));
                break;
            case "fifo":
                RunFixtures.Fifo(trainImages);
                break;
            default:
                Directory.CreateDirectory(trainImages);
                break;
        }

        var run = temp.File("run");
        var result = CliHarness.Run([.. CliHarness.TinyRun, "--data", data, "--out", run]);

        ForceTests.Expect(ExitCodes.Data, result, mentions);
        Assert.IsFalse(Directory.Exists(run), "nothing is created before the data is accepted");
    }
}
