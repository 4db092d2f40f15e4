using System.Net.Http.Json;
using System.Text.Json;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>Helpers of the agent's web UI tests: signing a browser in the way a user does (<c>cti ui --print</c>), and API reads.</summary>
internal static class AgentUi
{
    // A loaded 2-core machine runs SIP, the agent and chromium at once: wait for what the page shows, generously.
    static AgentUi() => Assertions.SetDefaultExpectTimeout(30_000);

    /// <summary>The one-time link <c>cti ui --print</c> prints for <paramref name="agent"/>.</summary>
    public static async Task<string> SignInLinkAsync(RunningAgent agent)
    {
        var (exitCode, output, error) = await AgentProcess.RunAsync("ui", "--print", "--data-dir", agent.DataDirectory);
        Assert.True(exitCode == 0, $"cti ui --print exited with {exitCode}: {error}");
        var link = output.Trim();
        Assert.StartsWith($"{agent.ApiUrl.GetLeftPart(UriPartial.Authority)}/ui/signin?code=", link, StringComparison.Ordinal);
        return link;
    }

    /// <summary>Opens the UI signed in (through a fresh link) and waits until it follows the event stream.</summary>
    public static async Task<IPage> OpenSignedInAsync(IBrowserContext context, RunningAgent agent, string page = "phone")
    {
        var link = await SignInLinkAsync(agent);
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(link);
        await Assertions.Expect(tab.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        if (page != "phone")
        {
            await tab.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = Title(page), Exact = true }).ClickAsync();
        }

        return tab;
    }

    private static string Title(string page) => char.ToUpperInvariant(page[0]) + page[1..];

    /// <summary>GETs <paramref name="path"/> with the user's token.</summary>
    public static async Task<JsonElement> GetAsync(RunningAgent agent, string path)
    {
        using var client = agent.CreateClient();
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds (the UI acts asynchronously); 60 s at most.</summary>
    public static async Task<JsonElement> WaitForAsync(RunningAgent agent, string path, Func<JsonElement, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonElement last = default;
        while (!timeout.IsCancellationRequested)
        {
            last = await GetAsync(agent, path);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"{what}: last answer of {path} was {last}");
    }
}
