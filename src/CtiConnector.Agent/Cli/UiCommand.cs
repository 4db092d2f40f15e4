using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CtiConnector.Agent.Hosting;

namespace CtiConnector.Agent.Cli;

/// <summary>
/// <c>cti ui [--print]</c>: asks the running agent (its API, with the user's <c>api-token</c>) for a one-time sign-in link
/// to its web UI and opens it in the desktop's browser (<c>xdg-open</c>, <c>open</c>, or the Windows shell), or prints it.
/// The link works once, for two minutes; the browser then holds an HTTP-only session cookie, never the token.
/// </summary>
internal static class UiCommand
{
    public static Command Create(Option<string?> dataDir)
    {
        var print = new Option<bool>("--print") { Description = "Print the sign-in link instead of opening it" };
        var command = new Command("ui", "Open the agent's web UI in your browser (a one-time sign-in link)") { print };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(DataDirectory.Resolve(parse.GetValue(dataDir), []), parse.GetValue(print),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string dataDirectory, bool print, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string url;
        try
        {
            url = await RequestLinkAsync(dataDirectory, cancellationToken);
        }
        catch (AgentNotRunningException ex)
        {
            await error.WriteLineAsync($"cti ui: {ex.Message}");
            return CliApp.ExitUsage;
        }

        if (print)
        {
            await output.WriteLineAsync(url);
            return 0;
        }

        var problem = await OpenAsync(url, cancellationToken);
        if (problem is null)
        {
            await output.WriteLineAsync("The web UI is opening in your browser (the sign-in link works once, for 2 minutes).");
            return 0;
        }

        await error.WriteLineAsync($"cti ui: {problem}; open this link in your browser yourself (it works once, for 2 minutes):");
        await output.WriteLineAsync(url);
        return CliApp.ExitRefused;
    }

    private static async Task<string> RequestLinkAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var info = AgentInfo.TryRead(dataDirectory)
            ?? throw new AgentNotRunningException($"No agent is running for {dataDirectory} (no agent.json); start one with 'cti agent'.");
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, AgentInfo.TokenFileName), cancellationToken)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AgentNotRunningException($"The agent's api-token in {dataDirectory} cannot be read ({ex.Message}).", ex);
        }

        using var http = new HttpClient { BaseAddress = new Uri(info.ApiUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/ui/signin-links");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var answer = JsonDocument.Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                var detail = answer.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
                throw new AgentNotRunningException($"The agent at {info.ApiUrl} refused the sign-in link ({(int)response.StatusCode}: {detail}).");
            }

            return answer.RootElement.GetProperty("url").GetString()
                ?? throw new AgentNotRunningException($"The agent at {info.ApiUrl} gave no sign-in link.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            throw new AgentNotRunningException($"The agent at {info.ApiUrl} does not answer ({ex.Message}).", ex);
        }
    }

    /// <summary>Opens <paramref name="url"/> with the desktop's opener; null when done, else why not.</summary>
    private static async Task<string?> OpenAsync(string url, CancellationToken cancellationToken)
    {
        ProcessStartInfo start;
        string opener;
        if (OperatingSystem.IsWindows())
        {
            opener = "the Windows shell";
            start = new ProcessStartInfo(url) { UseShellExecute = true };
        }
        else
        {
            opener = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
            start = new ProcessStartInfo(opener) { UseShellExecute = false };
            start.ArgumentList.Add(url);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null || OperatingSystem.IsWindows())
            {
                return null;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The opener is still running (some stay with the browser): the link is on its way.
                return null;
            }

            return process.ExitCode == 0 ? null : $"{opener} could not open a browser (exit code {process.ExitCode})";
        }
        catch (Win32Exception)
        {
            return $"no program to open web pages was found ({opener})";
        }
    }
}
