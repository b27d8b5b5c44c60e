using Microsoft.Playwright;

namespace Ssgan.Dashboard.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download is never used). Without /usr/bin/chromium the
/// browser tests are inconclusive on a developer's machine but fail in CI (CI=true), where .ci/run installs it.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static void RequireChromium()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        var message = $"{Executable} is missing: apt-get install -y chromium (.ci/run does)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Inconclusive(message);
    }

    public static async Task<BrowserSession> LaunchAsync()
    {
        RequireChromium();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = Arguments,
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A page whose console errors and uncaught exceptions are collected in <paramref name="errors"/>.</summary>
    public async Task<IPage> OpenAsync(Uri address, List<string> errors)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1050 } });
        page.SetDefaultTimeout(90_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        await page.GotoAsync(address.ToString());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright.Dispose();
    }
}
