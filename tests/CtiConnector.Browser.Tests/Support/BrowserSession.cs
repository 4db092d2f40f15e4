using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.Support;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, installed by <c>scripts/install-test-peers.sh</c>) driven by Playwright,
/// headless, with a fresh profile and none of the background traffic to outside hosts. With an extension folder the
/// context is persistent (Chromium loads unpacked extensions only there).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>The browser tests use this binary; its absence is a failure, not a skip.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] s_arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--disable-default-apps", "--metrics-recording-only", "--disable-domain-reliability",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser? _browser;
    private readonly string _profile;

    private BrowserSession(IPlaywright playwright, IBrowser? browser, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        _profile = profile;
    }

    /// <summary>The context pages open in (its cookies are the browser profile's).</summary>
    public IBrowserContext Context { get; }

    /// <summary>Launches chromium; with <paramref name="extensionPath"/>, that unpacked extension is loaded.</summary>
    public static async Task<BrowserSession> LaunchAsync(string? extensionPath = null)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-test-peers.sh (Debian packages chromium and chromium-driver).");
        }

        var profile = Directory.CreateTempSubdirectory("cti-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var contextOptions = new BrowserNewContextOptions
            {
                Locale = "en-US",
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            };
            if (extensionPath is null)
            {
                var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = s_arguments,
                    Timeout = 60_000,
                });
                var context = await browser.NewContextAsync(contextOptions);
                context.SetDefaultTimeout(30_000);
                return new BrowserSession(playwright, browser, context, profile);
            }

            var persistent = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = [.. s_arguments, "--disable-extensions-except=" + extensionPath, "--load-extension=" + extensionPath],
                Locale = contextOptions.Locale,
                ViewportSize = contextOptions.ViewportSize,
                Timeout = 60_000,
            });
            persistent.SetDefaultTimeout(30_000);
            return new BrowserSession(playwright, null, persistent, profile);
        }
        catch
        {
            playwright.Dispose();
            TryDelete(profile);
            throw;
        }
    }

    /// <summary>
    /// Another context of the same browser, with its own cookies (e.g. a second user, or a page that never signed in).
    /// Not available with an extension (persistent context).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var browser = _browser ?? throw new InvalidOperationException("A session with an extension has a single (persistent) context.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    /// <summary>A new page (tab) in <see cref="Context"/>.</summary>
    public Task<IPage> NewPageAsync() => Context.NewPageAsync();

    /// <summary><c>docs/screenshots/NAME</c> in the repository (the README shows these; the tests refresh them).</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Repository.Path("docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }
        }
        finally
        {
            _playwright.Dispose();
            TryDelete(_profile);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
