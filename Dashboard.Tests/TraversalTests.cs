using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ssgan.Dashboard.Tests;

/// <summary>
/// Requests for anything outside the runs directory get 404, however the path is spelled: HttpClient for the
/// encoded forms, a raw socket for a literal "..", which HttpClient would resolve before sending.
/// </summary>
[TestClass]
public sealed class TraversalTests
{
    private static readonly string SecretText = "top secret";
    private static string root = null!;
    private static ServerProcess server = null!;
    private static HttpClient client = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        root = Path.Combine(Path.GetTempPath(), "ssgan-dash-" + Guid.NewGuid().ToString("N"));
        var runs = Path.Combine(root, "runs");
        Directory.CreateDirectory(Path.Combine(runs, "run", "samples"));
        File.WriteAllText(Path.Combine(runs, "run", "summary.json"), "{}");
        File.WriteAllText(Path.Combine(runs, "run", ".lock"), "");
        Directory.CreateDirectory(Path.Combine(root, "secrets"));
        File.WriteAllText(Path.Combine(root, "secrets", "secret.json"), SecretText);
        File.CreateSymbolicLink(Path.Combine(runs, "outside"), Path.Combine(root, "secrets"));
        File.CreateSymbolicLink(Path.Combine(runs, "run", "samples", "leak.json"), Path.Combine(root, "secrets", "secret.json"));
        File.CreateSymbolicLink(Path.Combine(runs, "inside"), Path.Combine(runs, "run"));
        server = ServerProcess.Start(runs);
        client = new HttpClient { BaseAddress = server.Address };
    }

    [ClassCleanup]
    public static void Stop()
    {
        client?.Dispose();
        server?.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public async Task FilesInsideTheRunsDirectory_AreServed_IncludingThroughASymlinkThatStaysInside()
    {
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("files/run/summary.json")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("files/inside/summary.json")).StatusCode);
    }

    [TestMethod]
    [DataRow("files/outside/secret.json")]
    [DataRow("files/run/samples/leak.json")]
    [DataRow("files/%2e%2e/secrets/secret.json")]
    [DataRow("files/%2E%2E/secrets/secret.json")]
    [DataRow("files/run/%2e%2e/%2e%2e/secrets/secret.json")]
    [DataRow("files/..%2fsecrets%2fsecret.json")]
    [DataRow("files/%252e%252e/secrets/secret.json")]
    [DataRow("files/%2Fetc%2Fpasswd")]
    [DataRow("files//etc/passwd")]
    [DataRow("files/run/.lock")]
    [DataRow("files/run/..%5c..%5csecrets%5csecret.json")]
    [DataRow("api/runs/outside/metrics")]
    [DataRow("api/runs/%2e%2e/metrics")]
    [DataRow("api/runs/..%2fsecrets/confusion")]
    [DataRow("assets/..%2f..%2fsecrets%2fsecret.json")]
    public async Task EncodedTraversal_Gets404(string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, path);
        Assert.DoesNotContain(SecretText, await response.Content.ReadAsStringAsync(), path);
    }

    [TestMethod]
    [DataRow("/files/../secrets/secret.json")]
    [DataRow("/files/run/../../secrets/secret.json")]
    [DataRow("/files/../../../../etc/passwd")]
    [DataRow("/files/run/..\\..\\secrets\\secret.json")]
    [DataRow("/api/runs/../metrics")]
    public async Task LiteralDotDot_Gets404(string path)
    {
        var (status, body) = await RawGet(path);
        Assert.AreEqual(404, status, path);
        Assert.DoesNotContain(SecretText, body, path);
        Assert.DoesNotContain("root:", body, path);
    }

    /// <summary>Sends the request line exactly as given (no client-side dot-segment removal).</summary>
    private static async Task<(int Status, string Body)> RawGet(string path)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = socket.GetStream();
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1]);
        return (status, response);
    }
}
