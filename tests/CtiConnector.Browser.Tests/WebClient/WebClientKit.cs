using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Browser.Tests.WebClient;

/// <summary>What the web-client tests share: the served folder, the demo's contacts, and waits on the agent and sipp.</summary>
internal static class WebClientKit
{
    /// <summary>Generous bound for anything a loaded machine may be slow to do; never a measured duration.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Playwright's wait for a page to show something, in ms (its 5 s default is short on a busy machine).</summary>
    public const float ExpectTimeout = 60_000;

    /// <summary><c>plugins/web</c>: served whole, so the demo's <c>../cti.js</c> import resolves as it does for users.</summary>
    public static string WebFolder => Repository.Path("plugins", "web");

    public static string ExtensionFolder => Repository.Path("plugins", "web", "extension");

    /// <summary>An account without registrar whose domain is sipp: a number dialled goes to <c>sip:NUMBER@127.0.0.1:SIPP</c>.</summary>
    public static string SippAccount(SippRunner sipp) => $"--Sip:Accounts:0:Aor=sip:cti@127.0.0.1:{sipp.Port}";

    public static string DemoUrl(StaticSite site, RunningAgent agent) =>
        new Uri(site.Url, "demo-crm/index.html?agent=" + Uri.EscapeDataString(agent.ApiUrl.ToString().TrimEnd('/'))).ToString();

    /// <summary>Imports <c>demo-crm/contacts.csv</c> as a user would, and checks every contact went in.</summary>
    public static async Task ImportDemoContactsAsync(RunningAgent agent)
    {
        using var client = agent.CreateClient();
        var csv = await File.ReadAllTextAsync(Repository.Path("plugins", "web", "demo-crm", "contacts.csv"));
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync(new Uri("v1/contacts/import", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(7, JsonDocument.Parse(body).RootElement.GetProperty("inserted").GetInt32());
    }

    public static async Task<JsonElement> GetAsync(RunningAgent agent, string path)
    {
        using var client = agent.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> PostAsync(RunningAgent agent, string path, object body)
    {
        using var client = agent.CreateClient();
        using var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/> after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> describe)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail("Timed out waiting: " + describe());
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Waits until sipp has received an INVITE, and returns its request line.</summary>
    public static async Task<string> WaitForInviteAsync(SippRunner sipp)
    {
        string? line = null;
        await WaitUntilAsync(
            () =>
            {
                line = sipp.Messages.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("INVITE sip:", StringComparison.Ordinal));
                return Task.FromResult(line is not null);
            },
            () => "sipp never received an INVITE.\n" + sipp.Describe());
        return line!;
    }

    /// <summary>Waits for the agent's only call to reach <paramref name="state"/> and returns its id.</summary>
    public static async Task<string> WaitForCallAsync(RunningAgent agent, string state)
    {
        string? id = null;
        JsonElement calls = default;
        await WaitUntilAsync(
            async () =>
            {
                calls = await GetAsync(agent, "v1/calls");
                id = calls.EnumerateArray().Where(c => c.GetProperty("state").GetString() == state).Select(c => c.GetProperty("id").GetString()).FirstOrDefault();
                return id is not null;
            },
            () => $"no call {state}: {calls}");
        return id!;
    }
}
