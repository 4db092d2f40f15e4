using System.Collections.Concurrent;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Core.Model;
using CtiConnector.Storage;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>
/// The history's missed-calls box asks the agent (<c>missed=true</c>, with <c>q=</c> when there is a search) instead of
/// filtering the records the page holds: with more calls than the page loads, a missed call older than all of them is
/// found, and none of the answered ones shows. The records are seeded in the agent's own SQLite store before it starts;
/// what makes a missed call "called back" is the store's business and is not verified here.
/// </summary>
public sealed class HistoryMissedTests
{
    // More answered calls than the page's 200, all newer than the one missed call.
    private const int AnsweredCalls = 205;

    private static readonly DateTimeOffset s_firstCall = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheMissedCallsBoxFindsAMissedCallOlderThanTheLoadedPageAndHidesTheAnsweredOnes()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("cti-agent-").FullName;
        RunningAgent started;
        try
        {
            await SeedAsync(dataDirectory);
            started = await RunningAgent.StartInAsync(dataDirectory);
        }
        catch
        {
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }

        await using var agent = started;
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent, "history");
        var rows = page.Locator("#history-rows tr");
        var missedCall = rows.Filter(new() { HasText = "Zoé Martin" });
        var answered = page.Locator("#history-rows .badge.answered");
        var box = page.GetByRole(AriaRole.Checkbox, new() { Name = "Missed calls to return" });

        // The page holds the newest 200 calls, all answered: the missed call is not among them.
        await Assertions.Expect(rows).ToHaveCountAsync(200);
        await Assertions.Expect(rows.First).ToContainTextAsync($"Client {AnsweredCalls}");
        await Assertions.Expect(missedCall).ToHaveCountAsync(0);

        // Checked, the box asks the agent, which finds the old missed call, and only it.
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        await box.CheckAsync();
        await Assertions.Expect(missedCall).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(missedCall.Locator(".badge.missed")).ToHaveTextAsync("missed");
        await Assertions.Expect(answered).ToHaveCountAsync(0);
        Assert.Contains(requests, url => url.EndsWith("/v1/history?limit=200&missed=true", StringComparison.Ordinal));

        // A search while checked asks for both: the missed caller's name finds her call, an answered caller's nothing.
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the history" });
        var asked = await page.RunAndWaitForRequestAsync(() => search.FillAsync("client 7"), r => r.Url.Contains("q=client%207", StringComparison.Ordinal));
        Assert.Contains("missed=true", asked.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("No call found.")).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        asked = await page.RunAndWaitForRequestAsync(() => search.FillAsync("zoe"), r => r.Url.Contains("q=zoe", StringComparison.Ordinal));
        Assert.Contains("missed=true", asked.Url, StringComparison.Ordinal);
        await Assertions.Expect(missedCall).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        // Unchecked with the search emptied, the page is back to the newest 200 answered calls.
        await page.RunAndWaitForRequestAsync(() => search.FillAsync(string.Empty), r => r.Url.EndsWith("/v1/history?limit=200&missed=true", StringComparison.Ordinal));
        await Assertions.Expect(missedCall).ToHaveCountAsync(1);
        await page.RunAndWaitForRequestAsync(() => box.UncheckAsync(), r => r.Url.EndsWith("/v1/history?limit=200", StringComparison.Ordinal));
        await Assertions.Expect(rows).ToHaveCountAsync(200);
        await Assertions.Expect(answered).ToHaveCountAsync(200);
        await Assertions.Expect(missedCall).ToHaveCountAsync(0);
    }

    /// <summary>The missed call first (the oldest, lowest id), then <see cref="AnsweredCalls"/> answered calls, each with its own number.</summary>
    private static async Task SeedAsync(string dataDirectory)
    {
        await using var storage = await StorageFactory.OpenAsync(new StorageOptions { DataDirectory = dataDirectory }, null, CancellationToken.None);
        await storage.History.InsertAsync(
            new HistoryRecord(0, "seed-missed", null, CallDirection.Inbound, new RemoteParty("06 11 22 33 44", "+33611223344", "Zoé Martin"),
                null, s_firstCall, null, s_firstCall.AddSeconds(25), 0, CallDisposition.Missed, null),
            CancellationToken.None);
        for (var i = 1; i <= AnsweredCalls; i++)
        {
            var started = s_firstCall.AddMinutes(10 * i);
            await storage.History.InsertAsync(
                new HistoryRecord(0, $"seed-{i}", null, i % 2 == 0 ? CallDirection.Outbound : CallDirection.Inbound,
                    new RemoteParty($"0123450{i:000}", $"+33123450{i:000}", $"Client {i}"),
                    null, started, started.AddSeconds(5), started.AddSeconds(65), 60, CallDisposition.Answered, null),
                CancellationToken.None);
        }
    }
}
