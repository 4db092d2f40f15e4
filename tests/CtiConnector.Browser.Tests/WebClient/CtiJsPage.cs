using CtiConnector.Browser.Tests.Support;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.WebClient;

/// <summary>
/// One chromium and a site of its own origin, shared by the <c>cti.js</c> tests: <c>/cti.js</c> and
/// <c>/linkify.js</c> (copied from <c>plugins/web</c>) and the test's pages, each importing the module as
/// <c>window.cti</c>. Pages are real files served over loopback, not intercepted requests: chromium lets a page reach
/// the agent on 127.0.0.1 only when the page itself came from a local address.
/// </summary>
public sealed class CtiJsPage : IAsyncLifetime
{
    private BrowserSession? _browser;
    private StaticSite? _site;
    private string? _folder;
    private int _pages;

    public StaticSite Site => _site ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("cti-js-site-").FullName;
        foreach (var module in (string[])["cti.js", "linkify.js"])
        {
            File.Copy(Path.Combine(WebClientKit.WebFolder, module), Path.Combine(_folder, module));
        }
        _site = await StaticSite.StartAsync(_folder);
        _browser = await BrowserSession.LaunchAsync();
    }

    /// <summary>A page of the site with <c>window.cti</c> (the module) and <paramref name="body"/> as its body.</summary>
    public async Task<IPage> OpenAsync(string body = "")
    {
        var name = $"page-{Interlocked.Increment(ref _pages)}.html";
        await File.WriteAllTextAsync(Path.Combine(_folder!, name),
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cti.js test</title>"
            + "<script type=\"module\">import * as cti from '/cti.js'; window.cti = cti; document.documentElement.dataset.ready = 'true';</script>"
            + "</head><body>" + body + "</body></html>");
        var page = await _browser!.NewPageAsync();
        var url = new Uri(Site.Url, name).ToString();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => document.documentElement.dataset.ready === 'true'");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
