using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;

namespace CtiConnector.Browser.Tests.Smoke;

/// <summary>The browser support itself: chromium starts, a static site is served, and a page there is cross-origin to the agent.</summary>
public sealed class BrowserSupportTests
{
    [Fact]
    public async Task AStaticSitePageIsRenderedAndIsRefusedByTheAgentUntilPaired()
    {
        var folder = Directory.CreateTempSubdirectory("cti-site-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "index.html"),
                "<!doctype html><title>Site</title><button type=button>Call Hervé Lefèvre</button>");
            await using var site = await StaticSite.StartAsync(folder);
            await using var agent = await RunningAgent.StartAsync();
            await using var browser = await BrowserSession.LaunchAsync();
            var page = await browser.NewPageAsync();

            await page.GotoAsync(site.Url.ToString());
            Assert.Equal("Site", await page.TitleAsync());
            Assert.Equal(1, await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Call Hervé Lefèvre" }).CountAsync());

            // A page of another origin cannot read the agent's status, even knowing the token.
            var status = await page.EvaluateAsync<string>(
                "async ([url, token]) => { try { const r = await fetch(url + 'v1/status', { headers: { Authorization: 'Bearer ' + token } }); return 'status ' + r.status; } catch (e) { return 'blocked'; } }",
                new[] { agent.ApiUrl.ToString(), agent.Token });
            Assert.Equal("blocked", status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AnUnpackedExtensionsContentScriptRunsOnServedPages()
    {
        var root = Directory.CreateTempSubdirectory("cti-ext-").FullName;
        try
        {
            var site = Directory.CreateDirectory(Path.Combine(root, "site")).FullName;
            var extension = Directory.CreateDirectory(Path.Combine(root, "extension")).FullName;
            await File.WriteAllTextAsync(Path.Combine(site, "index.html"), "<!doctype html><title>Page</title><p>hello</p>");
            await File.WriteAllTextAsync(Path.Combine(extension, "manifest.json"), """
                { "manifest_version": 3, "name": "probe", "version": "1.0",
                  "content_scripts": [ { "matches": ["http://127.0.0.1/*"], "js": ["probe.js"] } ] }
                """);
            await File.WriteAllTextAsync(Path.Combine(extension, "probe.js"), "document.documentElement.dataset.probe = 'loaded';");
            await using var server = await StaticSite.StartAsync(site);
            await using var browser = await BrowserSession.LaunchAsync(extension);
            var page = await browser.NewPageAsync();

            await page.GotoAsync(server.Url.ToString());

            await Microsoft.Playwright.Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-probe", "loaded");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
