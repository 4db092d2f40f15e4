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

        var agent = await StartAndAskStatusAsync(user);
        Assert.True(agent.Stop(StopTimeout), "the agent ends on SIGTERM:\n" + agent.Output);
    }

    /// <summary>Starts the installed agent, checks it announced its own pid, and that <c>GET /v1/status</c> answers.</summary>
    internal static async Task<AgentProcess> StartAndAskStatusAsync(Sandbox user)
    {
        var agent = await user.StartAgentAsync();
        Assert.Equal(agent.Pid, agent.AnnouncedPid);
        using var response = await agent.Http.GetAsync(new Uri("/v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.String, status.RootElement.GetProperty("version").ValueKind);
        return agent;
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
    public void The_trimmed_publish_keeps_every_assembly_the_shipped_plugins_bind_to()
    {
        // The plugins are not trimmed and bind to framework assemblies by name (facades such as System.Threading.Thread
        // for libraries built for netstandard2.0): each reference must be found in the plugin's folder or the publish.
        var publishFolder = publish.Folder;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pluginFolder in Directory.GetDirectories(Path.Combine(publishFolder, "plugins")))
        {
            foreach (var dll in Directory.GetFiles(pluginFolder, "*.dll", SearchOption.AllDirectories))
            {
                foreach (var reference in AssemblyReferencesOf(dll))
                {
                    var file = reference + ".dll";
                    if (!File.Exists(Path.Combine(pluginFolder, file)) && !File.Exists(Path.Combine(publishFolder, file)))
                    {
                        missing.Add($"{reference} (from {Path.GetFileName(pluginFolder)}/{Path.GetFileName(dll)})");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "referenced by a shipped plugin but not published:\n" + string.Join("\n", missing));
    }

    private static List<string> AssemblyReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        if (!pe.HasMetadata)
        {
            return []; // a native library
        }

        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return [.. reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))];
    }

    [Fact]
    public Task The_trimmed_publish_finds_a_callers_contact_through_each_shipped_plugin_and_journals_the_call() =>
        EachShippedPluginFindsAndJournalsAsync(publish.Folder);

    /// <summary>
    /// Loading is not enough: each adapter's lookup path (HTTP and JSON paths, ADO.NET over SQLite, the CSV reader)
    /// and journal path (an HTTP POST of the record as JSON, an SQL INSERT) must survive trimming, or NativeAOT
    /// compilation. Each number is known to exactly one source; a dialled call looks its number up, and its end is
    /// journaled.
    /// </summary>
    internal static async Task EachShippedPluginFindsAndJournalsAsync(string publishFolder)
    {
        using var user = new Sandbox();
        user.Install(publishFolder);
        Directory.CreateDirectory(user.DataDir);
        await File.WriteAllTextAsync(Path.Combine(user.DataDir, "phonebook.csv"), "name,phone\nAlice Martin,+33 1 23 45 67 89\n");
        var crm = Path.Combine(user.DataDir, "crm.db");
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={crm};Pooling=false"))
        {
            db.Open();
            using var create = db.CreateCommand();
            create.CommandText = """
                CREATE TABLE people (id TEXT, name TEXT, company TEXT, phone TEXT);
                INSERT INTO people VALUES ('crm-7', 'Bruno Petit', 'Acme', '+33198765432');
                CREATE TABLE calls (call_id TEXT, e164 TEXT, contact_name TEXT, disposition TEXT);
                """;
            create.ExecuteNonQuery();
        }

        using var crmHttp = new TinyCrm("+33155554444", """{"data":[{"ref":"w-1","full_name":"Chloe Weber"}]}""");
        await File.WriteAllTextAsync(Path.Combine(user.DataDir, "cti.json"), JsonSerializer.Serialize(new
        {
            Plugins = new
            {
                Webhook = new
                {
                    Enabled = "true",
                    LookupUrl = crmHttp.Url + "contacts/{e164}",
                    JournalUrl = crmHttp.Url + "journal",
                    TimeoutMs = "20000",
                    Map = new Dictionary<string, string> { ["Id"] = "$.data[0].ref", ["Name"] = "$.data[0].full_name" },
                },
                Sql = new
                {
                    Enabled = "true",
                    Provider = "sqlite",
                    ConnectionString = $"Data Source={crm}",
                    LookupQuery = "SELECT id, name, company FROM people WHERE phone = @e164",
                    JournalCommand = "INSERT INTO calls VALUES (@callId, @e164, @contactName, @disposition)",
                },
                PhonebookFile = new { Enabled = "true", Path = "phonebook.csv" },
            },
        }));

        var agent = await user.StartAgentAsync();
        Assert.Equal("Alice Martin", await ContactOfDialledCallAsync(agent, "+33123456789"));
        Assert.Equal("Bruno Petit", await ContactOfDialledCallAsync(agent, "+33198765432"));
        Assert.Equal("Chloe Weber", await ContactOfDialledCallAsync(agent, "+33155554444"));
        Assert.Contains("GET /contacts/+33155554444", crmHttp.Requests);

        // The three calls were hung up: each is journaled to both CRMs, with the contact found for it.
        var journaled = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && (journaled.Count < 3 || crmHttp.Bodies.Count < 3))
        {
            journaled.Clear();
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={crm};Mode=ReadOnly;Pooling=false");
            db.Open();
            using var read = db.CreateCommand();
            read.CommandText = "SELECT e164 || ' ' || contact_name || ' ' || disposition FROM calls ORDER BY e164";
            using (var rows = read.ExecuteReader())
            {
                while (rows.Read())
                {
                    journaled.Add(rows.GetString(0));
                }
            }

            await Task.Delay(200);
        }

        Assert.Equal(["+33123456789 Alice Martin cancelled", "+33155554444 Chloe Weber cancelled", "+33198765432 Bruno Petit cancelled"], journaled);
        var posted = crmHttp.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("contact").GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["Alice Martin", "Bruno Petit", "Chloe Weber"], posted);
        Assert.True(agent.Stop(StopTimeout), "the agent ends on SIGTERM:\n" + agent.Output);
    }

    /// <summary>
    /// Dials <paramref name="number"/> at a loopback address where nothing answers SIP (the call's lookup does not depend
    /// on it), returns the contact name its history record ends up with, and hangs the call up.
    /// </summary>
    private static async Task<string?> ContactOfDialledCallAsync(AgentProcess agent, string number)
    {
        using var dial = await agent.Http.PostAsync(
            new Uri("/v1/calls", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { to = $"sip:{number}@127.0.0.1:9" }), Encoding.UTF8, "application/json"));
        var body = await dial.Content.ReadAsStringAsync();
        Assert.True(dial.StatusCode == HttpStatusCode.Created, $"dialling {number}: {(int)dial.StatusCode} {body}\n{agent.Output}");
        using var call = JsonDocument.Parse(body);
        var callId = call.RootElement.GetProperty("id").GetString()!;

        // A plugin's first lookup may finish after the call is announced; the record is updated when it does.
        string? name = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (name is null && DateTime.UtcNow < deadline)
        {
            using var history = JsonDocument.Parse(await agent.Http.GetStringAsync(new Uri("/v1/history?limit=50", UriKind.Relative)));
            foreach (var record in history.RootElement.EnumerateArray())
            {
                if (record.GetProperty("callId").GetString() == callId && record.GetProperty("contact") is { ValueKind: JsonValueKind.Object } contact)
                {
                    name = contact.GetProperty("name").GetString();
                }
            }

            if (name is null)
            {
                await Task.Delay(200);
            }
        }

        using var hangup = await agent.Http.PostAsync(new Uri($"/v1/calls/{callId}/hangup", UriKind.Relative), null);
        return name ?? throw new Xunit.Sdk.XunitException($"no contact on the history record of {number} within 60 s\n{agent.Output}");
    }

    /// <summary>A CRM's contact endpoint on a free loopback port: one known number, 404 for the rest.</summary>
    private sealed class TinyCrm : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _bodies = new();
        private readonly string _known;
        private readonly string _answer;

        public TinyCrm(string knownNumber, string answer)
        {
            _known = knownNumber;
            _answer = answer;
            for (var attempt = 0; ; attempt++)
            {
                var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Url = $"http://127.0.0.1:{port}/";
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(Url);
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    // Taken in between: another port.
                }
            }

            _ = Task.Run(ServeAsync);
        }

        public string Url { get; private set; } = "";

        /// <summary>"METHOD /path" of every request, in order.</summary>
        public IReadOnlyCollection<string> Requests => [.. _requests];

        /// <summary>The bodies POSTed to /journal.</summary>
        public IReadOnlyCollection<string> Bodies => [.. _bodies];

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
                _requests.Enqueue($"{context.Request.HttpMethod} {path}");
                if (path == "/journal" && context.Request.HttpMethod == "POST")
                {
                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    _bodies.Enqueue(await reader.ReadToEndAsync());
                    context.Response.StatusCode = 204;
                }
                else if (path == "/contacts/" + _known)
                {
                    var body = Encoding.UTF8.GetBytes(_answer);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                context.Response.Close();
            }
        }
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
