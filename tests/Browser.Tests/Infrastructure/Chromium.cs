using Microsoft.Playwright;
using Xunit;

namespace Orleans.Handoff.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven by Playwright with a fresh profile per fixture. Playwright never downloads a
/// browser here: <see cref="ExecutablePath"/> is the system's, and a machine without it fails with instructions.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    readonly string _profile = Path.Combine(Path.GetTempPath(), $"handoff-chromium-{Guid.NewGuid():N}");
    IPlaywright? _playwright;

    public IBrowserContext Context { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots beside the test binaries.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ExecutablePath} and it is not there. Install it with " +
                "'apt-get install chromium' (.ci/run does). Playwright's own browser download is not used.");
        }

        Directory.CreateDirectory(_profile);
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Timeout = 30_000,
        });
        Context.SetDefaultTimeout(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        _playwright?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be letting go of its profile; it is in the temp folder either way.
        }
    }

    /// <summary>
    /// Pages of the test running now. A console holds an event stream open, and Chromium allows six connections per
    /// host over HTTP/1.1: pages a finished test left open would leave the next test's requests queued behind them.
    /// </summary>
    readonly List<IPage> _pagesOfThisTest = [];

    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        lock (_pagesOfThisTest) _pagesOfThisTest.Add(page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") TestContext.Current.SendDiagnosticMessage($"[browser console] {message.Text}");
        };
        return page;
    }

    /// <summary>Closes the pages opened since the last call, so their event streams let go of their connections.</summary>
    public async ValueTask CloseTestPagesAsync()
    {
        IPage[] pages;
        lock (_pagesOfThisTest)
        {
            pages = [.. _pagesOfThisTest];
            _pagesOfThisTest.Clear();
        }

        foreach (var page in pages) await page.CloseAsync();
    }

    /// <summary>Saves a full-page screenshot as a test artifact and prints where it is.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        // An attachment is copied into the run's results folder, and the test run prints its path.
        TestContext.Current.AddAttachment($"{name}.png", await File.ReadAllBytesAsync(path), "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }
}
