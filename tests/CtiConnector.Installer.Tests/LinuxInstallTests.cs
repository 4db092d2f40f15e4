using System.Net;
using System.Text;
using System.Text.Json;
using CtiConnector.Installer.Tests.Support;

namespace CtiConnector.Installer.Tests;

/// <summary>
/// installer/linux/install.sh and uninstall.sh under a temporary HOME, installing the one shared publish.
/// Only the public surface is used: the command line, agent.json, api-token and the HTTP API.
/// </summary>
public sealed class LinuxInstallTests(LinuxPublish publish) : IClassFixture<LinuxPublish>
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_installed_agent_runs_from_the_installed_path_and_answers_its_status()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);

        Assert.Equal(Path.Combine(user.AppDir, "cti"), new FileInfo(user.Command).LinkTarget);
        Assert.True(File.Exists(Path.Combine(user.AppDir, "plugins", "Webhook", "plugin.json")), "the shipped plugins are installed beside the agent");

        var agent = await user.StartAgentAsync();
        Assert.Equal(agent.Pid, agent.AnnouncedPid);

        using var response = await agent.Http.GetAsync(new Uri("/v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.String, status.RootElement.GetProperty("version").ValueKind);

        Assert.True(agent.Stop(StopTimeout), "the agent ends on SIGTERM:\n" + agent.Output);
    }

    [Fact]
    public async Task The_trimmed_publish_loads_the_three_shipped_plugins()
    {
        // publish.sh trims by default: framework members nobody in the agent uses are gone, so this proves the
        // trimming roots keep what the adapters (and Npgsql/Microsoft.Data.Sqlite under them) bind to at run time.
        Assert.False(File.Exists(Path.Combine(publish.Folder, "Microsoft.VisualBasic.Core.dll")), "the publish is trimmed");
        using var user = new Sandbox();
        user.Install(publish.Folder);
        Directory.CreateDirectory(user.DataDir);
        await File.WriteAllTextAsync(Path.Combine(user.DataDir, "phonebook.csv"), "name,phone\nAlice Martin,+33 1 23 45 67 89\n");
        await File.WriteAllTextAsync(Path.Combine(user.DataDir, "cti.json"), JsonSerializer.Serialize(new
        {
            Plugins = new
            {
                // Nothing listens on port 9 (discard): initialising the adapter does not call it.
                Webhook = new { Enabled = "true", LookupUrl = "http://127.0.0.1:9/contacts/{e164}" },
                Sql = new
                {
                    Enabled = "true",
                    Provider = "sqlite",
                    ConnectionString = $"Data Source={Path.Combine(user.DataDir, "crm.db")}",
                    LookupQuery = "SELECT id, name, company FROM people WHERE phone = @e164",
                },
                PhonebookFile = new { Enabled = "true", Path = "phonebook.csv" },
            },
        }));

        var agent = await user.StartAgentAsync();
        using var plugins = JsonDocument.Parse(await agent.Http.GetStringAsync(new Uri("/v1/plugins", UriKind.Relative)));

        var states = plugins.RootElement.EnumerateArray().ToDictionary(
            p => p.GetProperty("id").GetString()!,
            p => $"{p.GetProperty("state").GetString()} {p.GetProperty("reason")}".Trim());
        Assert.Equal("loaded", states.GetValueOrDefault("Webhook"));
        Assert.Equal("loaded", states.GetValueOrDefault("Sql"));
        Assert.Equal("loaded", states.GetValueOrDefault("PhonebookFile"));
        Assert.True(File.Exists(Path.Combine(user.DataDir, "crm.db")), "the SQL adapter opened its SQLite database through the plugin's own native library");
        Assert.True(agent.Stop(StopTimeout), "the agent ends on SIGTERM:\n" + agent.Output);
    }

    [Fact]
    public void The_publish_runs_with_workstation_non_concurrent_gc_and_without_tiered_compilation()
    {
        var settings = RuntimeSettings.Read(publish.Folder);

        Assert.Equal("false", settings.GetValueOrDefault("System.GC.Server"));
        Assert.Equal("false", settings.GetValueOrDefault("System.GC.Concurrent"));
        // ReadyToRun code is kept; no tier-1 re-compilation of the idle keep-alive paths (BENCHMARKS.md, issue 9).
        Assert.Equal("false", settings.GetValueOrDefault("System.Runtime.TieredCompilation"));
    }

    [Fact]
    public async Task An_upgrade_stops_the_running_agent_and_keeps_the_data_folder()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);
        var agent = await user.StartAgentAsync();
        using (var import = await agent.Http.PostAsync(new Uri("/v1/contacts/import", UriKind.Relative),
                   new StringContent("name,phone\nAlice Martin,+33 1 23 45 67 89\n", Encoding.UTF8, "text/csv")))
        {
            Assert.True(import.IsSuccessStatusCode, $"import answered {import.StatusCode}: {await import.Content.ReadAsStringAsync()}");
        }
        var marker = Path.Combine(user.DataDir, "left-by-the-user.txt");
        await File.WriteAllTextAsync(marker, "mine");

        var upgrade = user.Install(publish.Folder);

        Assert.True(agent.WaitForExit(StopTimeout), "install.sh stops the running agent before replacing it:\n" + upgrade.Output);
        Assert.Contains("upgraded", upgrade.Output, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(marker));
        Assert.True(File.Exists(Path.Combine(user.DataDir, "cti.db")), "the database is still there");

        var upgraded = await user.StartAgentAsync();
        var found = await upgraded.Http.GetStringAsync(new Uri("/v1/contacts?q=Martin", UriKind.Relative));
        Assert.Contains("Alice Martin", found, StringComparison.Ordinal);
        Assert.True(upgraded.Stop(StopTimeout), "the upgraded agent ends on SIGTERM:\n" + upgraded.Output);
    }

    [Fact]
    public void The_handler_entry_dials_and_the_autostart_entry_runs_the_agent_with_the_installed_command()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);

        var handler = DesktopEntry(user.DesktopFile);
        Assert.Equal($"{user.Command} dial --start %u", handler["Exec"]);
        Assert.Equal("x-scheme-handler/tel;x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/callto;", handler["MimeType"]);
        Assert.Equal("Application", handler["Type"]);

        var autostart = DesktopEntry(user.AutostartFile);
        Assert.Equal($"{user.Command} agent", autostart["Exec"]);

        if (OnPath("xdg-mime"))
        {
            var defaults = File.ReadAllLines(Path.Combine(user.ConfigHome, "mimeapps.list"));
            foreach (var scheme in new[] { "tel", "sip", "sips", "callto" })
                Assert.Contains($"x-scheme-handler/{scheme}=cti-connector.desktop", defaults);
        }
    }

    [Fact]
    public void Install_without_handlers_or_autostart_writes_neither_entry()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);
        user.Install(publish.Folder, "--no-handlers", "--no-autostart");

        Assert.False(File.Exists(user.DesktopFile));
        Assert.False(File.Exists(user.AutostartFile));
        Assert.True(File.Exists(Path.Combine(user.AppDir, "cti")));
    }

    [Fact]
    public async Task Uninstall_removes_everything_installed_and_leaves_only_the_user_data()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);
        var agent = await user.StartAgentAsync();
        Assert.True(agent.Stop(StopTimeout), agent.Output);
        var before = Snapshot(user.DataDir);

        var result = user.RunScript("uninstall.sh", "--prefix", user.Prefix);

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(user.Command) || new FileInfo(user.Command).LinkTarget is not null, "the command is removed");
        Assert.False(Directory.Exists(user.AppDir));
        Assert.False(File.Exists(user.DesktopFile));
        Assert.False(File.Exists(user.AutostartFile));
        Assert.Equal(before, Snapshot(user.DataDir));
        // Outside the data folder nothing is left in the user's home nor in the prefix but empty folders.
        var left = Directory.EnumerateFiles(user.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(user.DataDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Empty(left);
    }

    [Fact]
    public void Uninstall_with_purge_also_removes_the_data_folder()
    {
        using var user = new Sandbox();
        user.Install(publish.Folder);
        Directory.CreateDirectory(user.DataDir);
        File.WriteAllText(Path.Combine(user.DataDir, "cti.json"), "{}");

        var result = user.RunScript("uninstall.sh", "--prefix", user.Prefix, "--purge");

        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(user.DataDir));
        Assert.False(Directory.Exists(user.AppDir));
    }

    [Theory]
    [InlineData("install.sh")]
    [InlineData("uninstall.sh")]
    [InlineData("publish.sh")]
    public void Each_script_explains_its_options_with_help(string script)
    {
        using var user = new Sandbox();

        var result = user.RunScript(script, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: " + script, result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(user.Prefix), "--help installs nothing");
    }

    [Fact]
    public void Install_refuses_a_folder_that_is_not_a_publish()
    {
        using var user = new Sandbox();
        var empty = Directory.CreateDirectory(Path.Combine(user.Root, "empty")).FullName;

        var result = user.RunScript("install.sh", "--prefix", user.Prefix, "--from", empty);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no executable 'cti'", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(user.AppDir));
    }

    private static Dictionary<string, string> DesktopEntry(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("[Desktop Entry]", lines[0]);
        return lines.Skip(1)
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }

    private static List<string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {new FileInfo(f).Length}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool OnPath(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
