using CtiConnector.Testing.Agent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CtiConnector.Agent.Tests;

/// <summary>
/// Verifies the built <c>cti agent</c> as a user runs it: start on a temporary data directory with a free port,
/// agent.json and api-token written, the API answering with the token, the CLI driving it through the pipe, a second
/// agent refused, SIGTERM stopping it cleanly. Does not place calls (no SIP peer here: the telephony tests do that).
/// </summary>
public sealed class AgentEndToEndTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cti-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task TheAgentStartsServesTheApiRefusesASecondInstanceAndStopsOnSigterm()
    {
        using var agent = AgentProcess.Start("agent", "--data-dir", _dataDirectory, "--Api:Port=0", "--Sip:Port=0", "--Audio:Device=null");
        var info = await WaitForAgentJsonAsync(agent);
        var token = await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "api-token"));

        using var client = new HttpClient { BaseAddress = new Uri(info.GetProperty("apiUrl").GetString()!) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        var status = await client.GetAsync("/v1/status");
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var refused = await anonymous.GetAsync("/v1/status");
        var second = await AgentProcess.RunAsync("agent", "--data-dir", _dataDirectory, "--Api:Port=0");
        var cli = await AgentProcess.RunAsync("status", "--data-dir", _dataDirectory, "--json");
        var injected = await AgentProcess.RunAsync("dial", "--data-dir", _dataDirectory, "--", "-oProxyCommand=x");

        agent.Terminate();
        using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await agent.Process.WaitForExitAsync(exitTimeout.Token);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("\"version\"", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(agent.Process.Id, info.GetProperty("pid").GetInt32());
        Assert.StartsWith("http://127.0.0.1:", info.GetProperty("apiUrl").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("already running", second.Error, StringComparison.Ordinal);
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("\"accounts\"", cli.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, injected.ExitCode);
        Assert.Equal(0, agent.Process.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "agent.json")));
    }

    [Fact]
    public async Task TheApiTokenAndThePipeAreForTheUserAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; the Windows pipe is CurrentUserOnly.
        }

        using var agent = AgentProcess.Start("agent", "--data-dir", _dataDirectory, "--Api:Port=0", "--Sip:Port=0", "--Audio:Device=null");
        await WaitForAgentJsonAsync(agent);

        var mode = File.GetUnixFileMode(Path.Combine(_dataDirectory, "api-token"));
        var socketMode = File.GetUnixFileMode(Path.Combine(_dataDirectory, "cti.sock"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, socketMode);
    }

    [Fact]
    public async Task ACallToTheTestLineThroughTheCliIsAnsweredHungUpAndLogged()
    {
        using var agent = AgentProcess.Start("agent", "--data-dir", _dataDirectory, "--Api:Port=0", "--Sip:Port=0", "--Audio:Device=null");
        var info = await WaitForAgentJsonAsync(agent);

        var dial = await AgentProcess.RunAsync("dial", "--data-dir", _dataDirectory, "--json", "*43");
        using var call = JsonDocument.Parse(dial.Output);
        var callId = call.RootElement.GetProperty("id").GetString()!;
        await WaitForCallStateAsync(callId, "active");
        var hangup = await AgentProcess.RunAsync("hangup", "--data-dir", _dataDirectory, callId);
        var history = await WaitForHistoryAsync(callId);
        var today = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--json", "--from", DateTimeOffset.UtcNow.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var missedOnly = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--json", "--missed");
        var backwards = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--from", "2026-03-02", "--to", "2026-03-01");
        var raw = history.GetProperty("remote").GetProperty("raw").GetString()!;
        var found = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--json", "--search", raw.ToUpperInvariant(), "--missed");
        var foundAll = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--json", "-q", raw.ToUpperInvariant());
        var notFound = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--json", "-q", "no such call");
        var tooLong = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "-q", new string('x', 101));

        Assert.True(info.GetProperty("sipPort").GetInt32() > 0);
        Assert.Equal(0, dial.ExitCode);
        Assert.Equal("outbound", call.RootElement.GetProperty("direction").GetString());
        Assert.Equal(0, hangup.ExitCode);
        Assert.Equal("answered", history.GetProperty("disposition").GetString());
        Assert.Contains(callId, today.Output, StringComparison.Ordinal);
        Assert.Equal("[]", missedOnly.Output.Trim()); // an answered outgoing call is nothing to call back
        Assert.NotEqual(0, backwards.ExitCode);
        Assert.Contains("to must be later than from", backwards.Error + backwards.Output, StringComparison.Ordinal);
        Assert.Equal("[]", found.Output.Trim());
        Assert.Contains(callId, foundAll.Output, StringComparison.Ordinal);
        Assert.Equal("[]", notFound.Output.Trim());
        Assert.NotEqual(0, tooLong.ExitCode);
        Assert.Contains("q must be 1 to 100 characters", tooLong.Error + tooLong.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSettingIsReportedInOneSentenceNamingTheKey()
    {
        var result = await AgentProcess.RunAsync("agent", "--data-dir", _dataDirectory, "--Api:Port=abc");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Api:Port must be a port number", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "agent.json")));
    }

    [Fact]
    public async Task TheCliSaysSoWhenNoAgentRuns()
    {
        var result = await AgentProcess.RunAsync("status", "--data-dir", _dataDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No agent is running", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task WaitForCallStateAsync(string callId, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var calls = await AgentProcess.RunAsync("calls", "--data-dir", _dataDirectory, "--json");
            using var document = JsonDocument.Parse(calls.Output);
            if (document.RootElement.EnumerateArray().Any(c => c.GetProperty("id").GetString() == callId && c.GetProperty("state").GetString() == state))
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<JsonElement> WaitForHistoryAsync(string callId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var history = await AgentProcess.RunAsync("history", "--data-dir", _dataDirectory, "--json");
            using var document = JsonDocument.Parse(history.Output);
            foreach (var record in document.RootElement.EnumerateArray())
            {
                if (record.GetProperty("callId").GetString() == callId && record.GetProperty("disposition").ValueKind == JsonValueKind.String)
                {
                    return record.Clone();
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<JsonElement> WaitForAgentJsonAsync(AgentProcess agent)
    {
        var path = Path.Combine(_dataDirectory, "agent.json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (agent.Process.HasExited)
            {
                Assert.Fail($"the agent exited with {agent.Process.ExitCode}: {agent.Error}");
            }

            if (File.Exists(path))
            {
                try
                {
                    using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, timeout.Token));
                    return document.RootElement.Clone();
                }
                catch (IOException)
                {
                    // Being replaced: read again.
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
