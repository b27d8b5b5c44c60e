using System.Text.Json;
using Microsoft.Playwright;

namespace Ssgan.Dashboard.Tests;

/// <summary>The page in headless Chromium against a real `ssgan serve` over a runs directory.</summary>
[TestClass]
public sealed class DashboardPageTests
{
    private static RunsFixture runs = null!;
    private static ServerProcess server = null!;
    private static BrowserSession? browser;
    private readonly List<string> consoleErrors = [];

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void StartServer(TestContext _)
    {
        // The first confusion matrix loads MNIST and classifies 10,000 images on a shared machine: seconds, not milliseconds.
        Assertions.SetDefaultExpectTimeout(90_000);
        runs = new RunsFixture();
        server = ServerProcess.Start(runs.Runs);
    }

    [ClassCleanup]
    public static async Task StopServer()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        server?.Dispose();
        runs?.Dispose();
    }

    [TestInitialize]
    public async Task Launch()
    {
        BrowserSession.RequireChromium();
        browser ??= await BrowserSession.LaunchAsync();
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Page_LoadsWithoutConsoleErrors_ListingRunsAndBadDirectoriesWithTheirErrors()
    {
        var page = await browser!.OpenAsync(server.Address, consoleErrors);
        var done = page.Locator($"#runs tr[data-run='{RunsFixture.Finished}']");
        await Assertions.Expect(done).ToContainTextAsync("finished");
        await Assertions.Expect(done).ToContainTextAsync("40 / 40");
        await Assertions.Expect(page.Locator($"#runs tr[data-run='{RunsFixture.Broken}'] td.error")).ToContainTextAsync("malformed run configuration");
        await Assertions.Expect(page.Locator($"#runs tr[data-run='{RunsFixture.Outside}'] td.error")).ToContainTextAsync("outside the runs directory");

        // The confusion matrix of the latest checkpoint: 10 rows of counts under a header, summing to the test set.
        await done.ClickAsync(new LocatorClickOptions { Position = new Position { X = 60, Y = 8 } });
        await Assertions.Expect(page.Locator("#confusion-caption")).ToContainTextAsync("step-000040");
        var counts = await page.Locator("#confusion td").AllTextContentsAsync();
        Assert.HasCount(100, counts);
        Assert.AreEqual(10_000, counts.Sum(int.Parse));
        await Screenshot(page, "dashboard-finished.png");
        Assert.IsEmpty(consoleErrors, string.Join('\n', consoleErrors));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Curves_GainPoints_WhileATrainingRunWritesBesideTheServer()
    {
        const string live = "live";
        // Another seed than the finished run's, so the overlaid curves differ.
        using var training = SsganProcess.Start([.. SsganProcess.TinyTrain, "--seed", "2", "--out", runs.Run(live)]);
        var output = training.StandardOutput.ReadToEndAsync();
        var error = training.StandardError.ReadToEndAsync();
        try
        {
            var page = await browser!.OpenAsync(server.Address, consoleErrors);
            var row = page.Locator($"#runs tr[data-run='{live}']");
            await Assertions.Expect(row).ToContainTextAsync("running", new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });
            await row.ClickAsync(new LocatorClickOptions { Position = new Position { X = 60, Y = 8 } });

            // Points already drawn once the run has some rows, then more as the other process appends.
            var chart = page.Locator("#chart-supervised_loss");
            await page.WaitForFunctionAsync($"() => (state.metrics.get('{live}')?.rows.length ?? 0) > 0");
            var before = int.Parse((await chart.GetAttributeAsync("data-points"))!);
            await page.WaitForFunctionAsync($"() => Number(document.getElementById('chart-supervised_loss').dataset.points) > {before}");
            var after = int.Parse((await chart.GetAttributeAsync("data-points"))!);
            Assert.IsGreaterThan(before, after);

            // Two evaluations (steps 10 and 20) in, halfway through the run: the picture for the README.
            await page.WaitForFunctionAsync($"() => (state.metrics.get('{live}')?.rows ?? []).filter(r => r[5] !== null).length >= 2");
            await Screenshot(page, "dashboard-live.png");

            Assert.IsTrue(training.WaitForExit(TimeSpan.FromMinutes(4)), "the training did not end");
            Assert.AreEqual(0, training.ExitCode, $"{output.Result}\n{error.Result}");
            await Assertions.Expect(row).ToContainTextAsync("40 / 40");
            await Assertions.Expect(row).ToContainTextAsync("finished");
            Assert.IsEmpty(consoleErrors, string.Join('\n', consoleErrors));
        }
        finally
        {
            if (!training.HasExited)
            {
                training.Kill();
            }
        }
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Slider_ChangesTheSampleGrid()
    {
        var page = await browser!.OpenAsync(server.Address, consoleErrors);
        await page.Locator($"#runs tr[data-run='{RunsFixture.Finished}']").ClickAsync(new LocatorClickOptions { Position = new Position { X = 60, Y = 8 } });
        var slider = page.Locator("#epoch");
        var grid = page.Locator("#grid");
        await Assertions.Expect(slider).ToHaveAttributeAsync("max", "1");
        await Assertions.Expect(grid).ToHaveAttributeAsync("data-epoch", "2");
        var last = await LoadedGrid(page);

        await slider.FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(grid).ToHaveAttributeAsync("data-epoch", "1");
        await Assertions.Expect(page.Locator("#epoch-label")).ToContainTextAsync("epoch 1");
        var first = await LoadedGrid(page);
        Assert.AreNotEqual(last.Source, first.Source);
        Assert.IsFalse(last.Pixels.SequenceEqual(first.Pixels), "the grid image did not change");
        await Screenshot(page, "dashboard-epoch-1.png");
        Assert.IsEmpty(consoleErrors, string.Join('\n', consoleErrors));
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task DrawingAOne_GivesTenProbabilitiesSummingToOneAndADigit()
    {
        var page = await browser!.OpenAsync(server.Address, consoleErrors);
        await page.Locator($"#runs tr[data-run='{RunsFixture.Finished}']").ClickAsync(new LocatorClickOptions { Position = new Position { X = 60, Y = 8 } });
        var pad = page.Locator("#pad");
        await pad.ScrollIntoViewIfNeededAsync();
        var box = (await pad.BoundingBoxAsync())!;
        var x = box.X + (box.Width / 2);
        await page.Mouse.MoveAsync(x, box.Y + (box.Height * 0.18f));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 3, box.Y + (box.Height * 0.82f), new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();

        var probabilities = page.Locator("#probabilities[data-probabilities]");
        await Assertions.Expect(page.Locator("#prediction b")).ToBeVisibleAsync();
        var p = JsonSerializer.Deserialize<double[]>((await probabilities.GetAttributeAsync("data-probabilities"))!)!;
        var digit = int.Parse((await probabilities.GetAttributeAsync("data-digit"))!);
        Assert.HasCount(10, p);
        Assert.AreEqual(1.0, p.Sum(), 1e-6);
        Assert.IsTrue(p.All(v => v is >= 0 and <= 1));
        Assert.AreEqual(Array.IndexOf(p, p.Max()), digit);
        await Assertions.Expect(page.Locator("#prediction b")).ToHaveTextAsync(digit.ToString());
        await Screenshot(page, "dashboard-drawing.png");
        Assert.IsEmpty(consoleErrors, string.Join('\n', consoleErrors));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task TraversalFromTheBrowser_Gets404()
    {
        var page = await browser!.Browser.NewPageAsync();
        // Chromium itself resolves "..", "%2e%2e" and "%2E%2E" before sending; what reaches the server is still refused.
        string[] paths =
        [
            $"files/{RunsFixture.Outside}/{RunsFixture.Secret}",
            $"api/runs/{RunsFixture.Outside}/metrics",
            "files/%2e%2e/secrets/secret.txt",
            "files/done/%2E%2E/%2E%2E/secrets/secret.txt",
            "files/done/..%2f..%2fsecrets%2fsecret.txt",
        ];
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(new Uri(server.Address, path).ToString());
            Assert.AreEqual(404, response!.Status, path);
            Assert.DoesNotContain("not for the dashboard", await page.ContentAsync(), path);
        }

        await page.CloseAsync();
    }

    /// <summary>The grid's current source once loaded, and its pixels as the browser decoded them.</summary>
    private static async Task<(string Source, byte[] Pixels)> LoadedGrid(IPage page)
    {
        await page.WaitForFunctionAsync("() => { const g = document.getElementById('grid'); return g.complete && g.naturalWidth > 0; }");
        var source = (await page.Locator("#grid").GetAttributeAsync("src"))!;
        return (source, await page.Locator("#grid").ScreenshotAsync());
    }

    private async Task Screenshot(IPage page, string name)
    {
        var directory = TestContext.TestResultsDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddResultFile(path);
        TestContext.WriteLine($"screenshot: {path}");
    }
}
