using System.Net;
using System.Net.Sockets;
using Ssgan.Cli;
using Ssgan.Cli.Serve;

namespace Ssgan.Dashboard.Tests;

/// <summary>`ssgan serve`'s preconditions (in-process, nothing is served) and what the catalogue reads from a run.</summary>
[TestClass]
public sealed class ServeCommandTests
{
    [TestMethod]
    public void MissingRunsDirectory_IsExitCode5WithOneLine()
    {
        var (code, error) = Run("serve", "/nonexistent/ssgan-runs", "--port", "0");
        Assert.AreEqual(ExitCodes.OutputDirectory, code);
        Assert.Contains("/nonexistent/ssgan-runs: no such runs directory", error);
        Assert.HasCount(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    [DataRow("-1")]
    [DataRow("65536")]
    [DataRow("http")]
    public void BadPort_IsExitCode2(string port)
    {
        var (code, error) = Run("serve", Path.GetTempPath(), "--port", port);
        Assert.AreEqual(ExitCodes.Usage, code, error);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void PortInUse_IsExitCode2()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (code, error) = Run("serve", Path.GetTempPath(), "--port", port.ToString());
        Assert.AreEqual(ExitCodes.Usage, code, error);
        Assert.Contains($"--port {port}: cannot listen", error);
    }

    [TestMethod]
    public void Catalogue_ReadsAHalfWrittenMetricsLine_AsNotThereYet()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ssgan-dash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var metrics = Path.Combine(dir, "metrics.csv");
            File.WriteAllText(metrics, "step,epoch,supervised_loss,supervised_accuracy,real_loss,fake_loss,generator_loss,test_accuracy,elapsed_seconds\n1,1,2.3,0.1,0.7,0.7,0.69,,0.5\n2,1,2.2");
            var (rows, reset, total) = MetricsTable.Read(metrics, 0);
            Assert.AreEqual(1, total);
            Assert.IsFalse(reset);
            Assert.AreEqual(2.3, rows[0][1]);
            Assert.IsNull(rows[0][MetricsTable.TestAccuracy]);
            Assert.IsNull(rows[0][MetricsTable.AveragedAccuracy], "a 9-column run has no averaged accuracy");

            // A resume rewrote the file: the caller's last row is not where it was, so everything comes again.
            File.WriteAllText(metrics, "step,epoch,supervised_loss,supervised_accuracy,real_loss,fake_loss,generator_loss,test_accuracy,elapsed_seconds\n1,1,2.3,0.1,0.7,0.7,0.69,,0.5\n2,1,9,0.1,0.7,0.7,0.69,,0.5\n");
            Assert.IsTrue(MetricsTable.Read(metrics, 1, lastStep: 5).Reset);
            Assert.IsFalse(MetricsTable.Read(metrics, 1, lastStep: 1).Reset);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Tail_ReadsOnlyWholeLinesAtTheEndOfALongLog()
    {
        var path = Path.Combine(Path.GetTempPath(), "ssgan-dash-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var rows = Enumerable.Range(1, 5000).Select(s => $"{s},1,2.5,0.1,0.7,0.7,0.69,{(s % 100 == 0 ? "0.5" : "")},{s}.0,");
            File.WriteAllText(path, Training.Runs.MetricsLog.Header + "\n" + string.Join('\n', rows) + "\n5001,1,2.");
            var tail = MetricsTable.Tail(path, maxBytes: 2000);
            Assert.IsGreaterThan(10, tail.Count);
            Assert.AreEqual(5000.0, tail[^1][0], "the half-written last line is left out");
            Assert.AreEqual(tail[0][0] + tail.Count - 1, tail[^1][0], "the first, cut line is left out");
            Assert.IsTrue(tail.All(r => r[1] == 2.5));
            Assert.HasCount(5000, MetricsTable.Tail(path, maxBytes: 1 << 20));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        using var interruption = new Interruption(handleSignals: false);
        using var error = new StringWriter();
        var session = new CliSession(TextWriter.Null, error, Interactive: false, interruption, DataSource.Load);
        return (CliApp.Run(args, session), error.ToString());
    }
}
