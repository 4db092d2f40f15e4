using System.Net.Http.Headers;
using System.Text.Json;

namespace CtiConnector.Testing.Agent;

/// <summary>
/// A real <c>cti agent</c> on a private data directory, free API and SIP ports, the null audio device and the
/// embedded SQLite store, started and waited for (its <c>agent.json</c> names this process). Disposing kills it and
/// deletes the data directory.
/// </summary>
public sealed class RunningAgent : IAsyncDisposable
{
    private RunningAgent(AgentProcess process, string dataDirectory, JsonElement info, string token)
    {
        Process = process;
        DataDirectory = dataDirectory;
        ApiUrl = new Uri(info.GetProperty("apiUrl").GetString()!);
        SipPort = info.GetProperty("sipPort").GetInt32();
        Token = token;
    }

    public AgentProcess Process { get; }

    public string DataDirectory { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> from <c>agent.json</c>.</summary>
    public Uri ApiUrl { get; }

    /// <summary>The agent's SIP port on 127.0.0.1.</summary>
    public int SipPort { get; }

    /// <summary>The user's own API token (<c>api-token</c>).</summary>
    public string Token { get; }

    /// <summary>Starts an agent; <paramref name="extraArguments"/> are added after the defaults (e.g. <c>--Api:AllowedOrigins:0=...</c>).</summary>
    public static async Task<RunningAgent> StartAsync(params string[] extraArguments)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("cti-agent-").FullName;
        try
        {
            return await StartInAsync(dataDirectory, extraArguments);
        }
        catch
        {
            TryDelete(dataDirectory);
            throw;
        }
    }

    /// <summary>Starts an agent on an existing data directory (e.g. to restart one), which disposal then deletes.</summary>
    public static async Task<RunningAgent> StartInAsync(string dataDirectory, params string[] extraArguments)
    {
        string[] arguments =
        [
            "agent", "--data-dir", dataDirectory,
            "--Api:Port=0", "--Sip:Port=0", "--Audio:Device=null", "--Phone:DefaultCountry=FR",
            .. extraArguments,
        ];
        var process = AgentProcess.Start(arguments);
        try
        {
            var path = Path.Combine(dataDirectory, "agent.json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                if (process.Process.HasExited)
                {
                    throw new InvalidOperationException($"the agent exited ({process.Process.ExitCode}): {process.Error}{process.Output}");
                }

                if (File.Exists(path))
                {
                    try
                    {
                        var info = JsonDocument.Parse(await File.ReadAllTextAsync(path, timeout.Token)).RootElement.Clone();
                        if (info.GetProperty("pid").GetInt32() == process.Process.Id)
                        {
                            var token = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "api-token"), timeout.Token)).Trim();
                            return new RunningAgent(process, dataDirectory, info, token);
                        }
                    }
                    catch (IOException)
                    {
                    }
                    catch (JsonException)
                    {
                    }
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP client on the API with the user's token.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>
    /// The history record of <paramref name="callId"/> (the newest call when null) once it is final (it has an end),
    /// waiting up to a minute for it.
    /// </summary>
    public async Task<JsonElement> WaitForHistoryAsync(string? callId = null)
    {
        using var client = CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var records = JsonDocument.Parse(await client.GetStringAsync(callId is null ? "/v1/history?limit=1" : "/v1/history?limit=50", timeout.Token)).RootElement;
            foreach (var record in records.EnumerateArray())
            {
                if ((callId is null || record.GetProperty("callId").GetString() == callId) && record.GetProperty("endedAt").ValueKind != JsonValueKind.Null)
                {
                    return record.Clone();
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        Process.Dispose();
        TryDelete(DataDirectory);
        return ValueTask.CompletedTask;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
