using System.Text.Json;
using CtiConnector.Installer.Tests.Support;

namespace CtiConnector.Installer.Tests;

/// <summary>
/// The NativeAOT build (publish.sh with CTI_AOT=1, install.sh --aot): installed under a temporary HOME like the
/// standard one, it must run as one native executable, with the shipped adapters compiled in, and name any other
/// plugin it cannot load.
/// </summary>
public sealed class LinuxAotInstallTests(LinuxAotPublish publish) : IClassFixture<LinuxAotPublish>
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_aot_build_installs_as_one_native_executable_and_answers_its_status()
    {
        // No runtime, no JIT and no managed assembly beside the executable: what ran is the native code.
        Assert.False(File.Exists(Path.Combine(publish.Folder, "cti.dll")), "no cti.dll in the NativeAOT publish");
        Assert.False(File.Exists(Path.Combine(publish.Folder, "libclrjit.so")), "no JIT in the NativeAOT publish");
        Assert.False(File.Exists(Path.Combine(publish.Folder, "libcoreclr.so")), "no runtime library in the NativeAOT publish");
        Assert.False(File.Exists(Path.Combine(publish.Folder, "cti.dbg")), "the native symbols are not shipped");
        var header = new byte[4];
        await using (var executable = File.OpenRead(Path.Combine(publish.Folder, "cti")))
        {
            await executable.ReadExactlyAsync(header);
        }

        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], header);

        using var user = new Sandbox();
        var install = user.Install(publish.Folder);
        Assert.Contains("NativeAOT build", install.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(user.AppDir, "plugins", "Webhook", "plugin.json")), "the shipped plugins' manifests are installed");

        var agent = await LinuxInstallTests.StartAndAskStatusAsync(user);
        // The OpenAPI document and the web UI are served by the native build too.
        using var openApi = JsonDocument.Parse(await agent.Http.GetStringAsync(new Uri("/v1/openapi.json", UriKind.Relative)));
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/v1/calls", out _), "the OpenAPI document lists /v1/calls");
        Assert.Contains("<title>CTI Connector</title>", await agent.Http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        Assert.True(agent.Stop(StopTimeout), "the agent ends on SIGTERM:\n" + agent.Output);
    }

    [Fact]
    public Task The_aot_build_finds_a_callers_contact_through_each_compiled_in_plugin_and_journals_the_call() =>
        LinuxInstallTests.EachShippedPluginFindsAndJournalsAsync(publish.Folder);

    [Fact]
    public async Task The_aot_build_says_why_it_cannot_load_another_plugin()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);
        var other = Path.Combine(user.DataDir, "plugins", "Other");
        Directory.CreateDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(other, "plugin.json"),
            """{ "id": "Other", "name": "Another CRM", "version": "1.0.0", "entryAssembly": "Other.Crm.dll", "contractVersion": 1 }""");
        await File.WriteAllTextAsync(Path.Combine(user.DataDir, "cti.json"), JsonSerializer.Serialize(new
        {
            Plugins = new { Other = new { Enabled = "true" }, PhonebookFile = new { Enabled = "true", Path = "phonebook.csv" } },
        }));
        await File.WriteAllTextAsync(Path.Combine(user.DataDir, "phonebook.csv"), "name,phone\nAlice Martin,+33 1 23 45 67 89\n");

        var agent = await user.StartAgentAsync();
        using var plugins = JsonDocument.Parse(await agent.Http.GetStringAsync(new Uri("/v1/plugins", UriKind.Relative)));
        var byId = plugins.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.Equal("loaded", byId["PhonebookFile"].GetProperty("state").GetString());
        Assert.Equal("failed", byId["Other"].GetProperty("state").GetString());
        var reason = byId["Other"].GetProperty("reason").GetString()!;
        Assert.Contains("NativeAOT", reason, StringComparison.Ordinal);
        Assert.Contains("Other.Crm.dll", reason, StringComparison.Ordinal);
        Assert.Contains("standard build", reason, StringComparison.Ordinal);
        Assert.True(agent.Stop(StopTimeout), "the agent ends on SIGTERM:\n" + agent.Output);
    }
}
