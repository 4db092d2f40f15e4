using System.Text.Json;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtiConnector.Browser.Tests.WebClient;

/// <summary>
/// <c>cti.js</c> in a real page: which text is a phone number, what <c>linkify</c> makes of a page (and of itself run
/// again, and of content added later), and the event stream surviving agent restarts (with the snapshot each time,
/// and a fresh pairing when the agent no longer knows the token).
/// </summary>
public sealed class CtiJsTests : IClassFixture<CtiJsPage>
{
    private readonly CtiJsPage _fixture;

    public CtiJsTests(CtiJsPage fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("Call 01 23 45 67 89 now", "0123456789")]
    [InlineData("Tel: +33 1 23 45 67 89.", "+33123456789")]
    [InlineData("Tel:0612345678", "0612345678")]
    [InlineData("+33 (0)1 23 45 67 89", "+33123456789")]
    [InlineData("mobile 06.12.34.56.78 or 07-81-23-45-67", "0612345678 0781234567")]
    [InlineData("London +44 20 7946 0958, Brussels +32 2 555 12 34", "+442079460958 +3225551234")]
    [InlineData("US office +1 (555) 123-4567", "+15551234567")]
    [InlineData("Meeting on 12/03/2024 at 10:30, or 2024-03-12, or 01.02.2024", "")]
    [InlineData("Total 1 234 567,89 € (VAT 0,50 €); +12 345 678,90 refunded", "")]
    [InlineData("Amount 0123456789,00 and 0123456789 €", "")]
    [InlineData("Ref 20240115093045, invoice #0123456789, ISBN 978-2-07-036822-8", "")]
    [InlineData("Mixed separators 01 23.45 67 89 and too short 01 23 45", "")]
    public async Task FindPhoneNumbersFindsCallableNumbersOnly(string text, string expected)
    {
        var page = await _fixture.OpenAsync();

        var found = await page.EvaluateAsync<string[]>("(text) => cti.findPhoneNumbers(text).map(m => m.number)", text);

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), found);
        await page.CloseAsync();
    }

    [Fact]
    public async Task LinkifyMakesNamedButtonsOfNumbersAndTelLinksOnlyOnceAndLeavesTheRestAlone()
    {
        var page = await _fixture.OpenAsync("""
            <main id="root">
              <p id="text">Hervé: 01 23 45 67 89 (office), invoice of 12/03/2024 for 1 234,50 €.</p>
              <p><a href="tel:+33612345678" title="Hervé's mobile">mobile</a> and <a href="tel:0142685300">01 42 68 53 00</a></p>
              <p><a href="https://example.test/">+33 1 99 88 77 66 in a link</a> <button type="button">06 00 00 00 01</button></p>
              <pre>0102030405</pre><textarea>0102030406</textarea><div contenteditable="true">0102030407</div>
            </main>
            """);
        await page.EvaluateAsync("""
            () => {
              window.calls = [];
              const root = document.getElementById('root');
              window.first = cti.linkify(root, { onCall: (n) => window.calls.push(n) });
              window.second = cti.linkify(root, { onCall: (n) => window.calls.push(n) });
              window.again = window.first.scan();
            }
            """);

        var buttons = page.Locator("#root .cti-call");
        await Expect(buttons).ToHaveCountAsync(3, new() { Timeout = WebClientKit.ExpectTimeout });
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.again"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.first === window.second"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Call 01 23 45 67 89", Exact = true })).ToHaveTextAsync("01 23 45 67 89", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hervé's mobile", Exact = true })).ToHaveAttributeAsync("href", "tel:+33612345678", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Call 01 42 68 53 00", Exact = true })).ToHaveCountAsync(1, new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(page.Locator("#text")).ToHaveTextAsync("Hervé: 01 23 45 67 89 (office), invoice of 12/03/2024 for 1 234,50 €.", new() { Timeout = WebClientKit.ExpectTimeout });
        Assert.Equal(0, await page.Locator("pre .cti-call, textarea .cti-call, [contenteditable] .cti-call, a[href^='https'] .cti-call, button .cti-call").CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Call 01 23 45 67 89", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hervé's mobile", Exact = true }).ClickAsync();

        Assert.Equal(["0123456789", "+33612345678"], await page.EvaluateAsync<string[]>("() => window.calls"));
        Assert.StartsWith(_fixture.Site.Url.ToString(), page.Url, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task LinkifyWithObserveTurnsNumbersAddedLaterAndCallsOnlyOnAUsersClickOnItsOwnButtons()
    {
        var page = await _fixture.OpenAsync("<section id=\"root\"><p>Nothing yet.</p></section>");
        await page.EvaluateAsync("""
            () => {
              window.calls = [];
              cti.linkify(document.getElementById('root'), { observe: true, onCall: (n) => window.calls.push(n) });
              const other = document.createElement('p');
              other.innerHTML = '<button type="button" class="cti-call" data-cti-number="+33100000000">page button</button>';
              document.getElementById('root').append(other);
              const added = document.createElement('p');
              added.textContent = 'New contact: 04 78 90 12 34';
              document.getElementById('root').append(added);
            }
            """);

        var added = page.GetByRole(AriaRole.Button, new() { Name = "Call 04 78 90 12 34", Exact = true });
        await Expect(added).ToHaveCountAsync(1, new() { Timeout = WebClientKit.ExpectTimeout });
        await page.EvaluateAsync("() => { document.querySelector('#root p').textContent = 'Changed: +44 20 7946 0958'; }");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Call +44 20 7946 0958", Exact = true })).ToHaveCountAsync(1, new() { Timeout = WebClientKit.ExpectTimeout });

        await page.GetByRole(AriaRole.Button, new() { Name = "page button" }).ClickAsync();
        await page.EvaluateAsync("() => document.querySelector('[data-cti-number=\"0478901234\"]').click()");
        await added.ClickAsync();

        Assert.Equal(["0478901234"], await page.EvaluateAsync<string[]>("() => window.calls"));
        await Expect(page.Locator("#root .cti-call")).ToHaveCountAsync(3, new() { Timeout = WebClientKit.ExpectTimeout });
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    public async Task TheEventStreamReconnectsAfterAgentRestartsWithTheSnapshotAndPairsAgainWhenTheTokenIsUnknown(string transport)
    {
        var port = FreePort.UdpAndTcp();
        string[] arguments = [$"--Api:Port={port}", $"--Api:AllowedOrigins:0={_fixture.Site.Origin}"];
        await using var first = await RunningAgent.StartAsync(arguments);
        var page = await _fixture.OpenAsync();
        await page.EvaluateAsync("""
            ([agentUrl, transport]) => {
              localStorage.clear();
              window.snapshots = 0;
              window.client = cti.connect({ agentUrl, transport, retry: { initialMs: 200, maxMs: 1000 } });
              window.client.on('snapshot', () => window.snapshots++);
              window.log = [];
              window.client.on('pairing', (e) => window.log.push(`pairing ${e.state} ${e.error?.message ?? ''}`));
              window.client.on('connection', (e) => window.log.push(`stream ${e.state}`));
            }
            """, new[] { first.ApiUrl.ToString(), transport });
        await WaitForSnapshotsAsync(page, 1);
        var token = await StoredTokenAsync(page);
        Assert.NotNull(token);

        // Restart on the same port and data: the stream comes back by itself with a new snapshot, same token.
        await StopAsync(first);
        await using var second = await RunningAgent.StartInAsync(first.DataDirectory, arguments);
        await WaitForSnapshotsAsync(page, 2);
        Assert.Equal(token, await StoredTokenAsync(page));

        // Restart having forgotten the pairings: the old token gets 401, the client pairs again and reconnects.
        await StopAsync(second);
        File.Delete(Path.Combine(first.DataDirectory, "pairings.json"));
        await using var third = await RunningAgent.StartInAsync(first.DataDirectory, arguments);
        await WaitForSnapshotsAsync(page, 3);
        var renewed = await StoredTokenAsync(page);
        Assert.NotNull(renewed);
        Assert.NotEqual(token, renewed);
        var calls = await page.EvaluateAsync<JsonElement>("() => window.client.calls()");
        Assert.Equal(JsonValueKind.Array, calls.ValueKind);

        await page.EvaluateAsync("() => window.client.close()");
        await page.CloseAsync();
    }

    private static async Task WaitForSnapshotsAsync(IPage page, int count)
    {
        try
        {
            await page.WaitForFunctionAsync("(count) => window.snapshots === count", count, new() { Timeout = WebClientKit.ExpectTimeout });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>(
                "() => `snapshots ${window.snapshots}, pairing ${window.client.pairingState}, stream ${window.client.connectionState}, log ${window.log.join(' | ')}`");
            Assert.Fail($"no snapshot #{count}: {state}");
        }
    }

    private static Task<string?> StoredTokenAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => { const key = Object.keys(localStorage).find(k => k.startsWith('cti-connector:token:')); return key ? localStorage.getItem(key) : null; }");

    private static async Task StopAsync(RunningAgent agent)
    {
        agent.Process.Terminate();
        using var timeout = new CancellationTokenSource(WebClientKit.Patience);
        await agent.Process.Process.WaitForExitAsync(timeout.Token);
    }
}
