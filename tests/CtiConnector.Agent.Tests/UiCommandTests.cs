using System.Diagnostics;
using System.Net;
using CtiConnector.Testing.Agent;

namespace CtiConnector.Agent.Tests;

/// <summary>
/// <c>cti ui</c> as a user runs it against a real agent: the printed one-time link signs in once, no agent is reported
/// clearly, and without any program to open web pages the link is printed with the reason. Does not open a real browser
/// (the browser tests do).
/// </summary>
public sealed class UiCommandTests
{
    [Fact]
    public async Task CtiUiPrintGivesALinkThatSignsInOnce()
    {
        await using var agent = await RunningAgent.StartAsync();

        var (exitCode, output, error) = await AgentProcess.RunAsync("ui", "--print", "--data-dir", agent.DataDirectory);

        Assert.True(exitCode == 0, error);
        var link = output.Trim();
        Assert.StartsWith($"http://127.0.0.1:{agent.ApiUrl.Port}/ui/signin?code=", link, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.Token, link, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var first = await browser.GetAsync(link);
        var second = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.StartsWith("cti-session=", first.Headers.GetValues("Set-Cookie").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Fact]
    public async Task CtiUiWithoutAnAgentSaysSo()
    {
        var empty = Directory.CreateTempSubdirectory("cti-noagent-").FullName;
        try
        {
            var (exitCode, output, error) = await AgentProcess.RunAsync("ui", "--print", "--data-dir", empty);

            Assert.Equal(2, exitCode);
            Assert.Equal(string.Empty, output.Trim());
            Assert.Contains("No agent is running", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task CtiUiWithoutAnyBrowserOpenerPrintsTheLinkAndSaysWhy()
    {
        await using var agent = await RunningAgent.StartAsync();
        var emptyPath = Directory.CreateTempSubdirectory("cti-nopath-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "cti"))
            {
                ArgumentList = { "ui", "--data-dir", agent.DataDirectory },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // No xdg-open on the PATH; the app host still finds the runtime beside the test's own dotnet.
            start.Environment["PATH"] = emptyPath;
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Environment.ProcessPath ?? "/usr/bin/dotnet")!;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 1, await error);
            Assert.Contains("no program to open web pages was found (xdg-open)", await error, StringComparison.Ordinal);
            Assert.StartsWith($"http://127.0.0.1:{agent.ApiUrl.Port}/ui/signin?code=", (await output).Trim(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyPath, recursive: true);
        }
    }
}
