using System.Runtime.Loader;
using CtiConnector.Core.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Plugins.Host.Tests;

/// <summary>Discovery and loading of the real adapters' build output from temporary plugin folders.</summary>
public sealed class PluginDiscoveryTests : IDisposable
{
    private readonly PluginFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TheThreeAdaptersLoadFromThePluginsFolderAndAnswerLookups()
    {
        PluginFolder.Copy("Webhook", _folder.Installation);
        PluginFolder.Copy("Sql", _folder.Installation);
        PluginFolder.Copy("PhonebookFile", _folder.DataPlugins);
        var database = Path.Combine(_folder.Root, "crm.db");
        CreateCrmDatabase(database);
        await File.WriteAllTextAsync(Path.Combine(_folder.DataDirectory, "phonebook.csv"), "Dr Morel;01 44 55 66 77\n");
        await using var registry = Registry(new()
        {
            ["Plugins:Webhook:Enabled"] = "true",
            ["Plugins:Webhook:LookupUrl"] = "http://127.0.0.1:9/contacts/{e164}",
            ["Plugins:Sql:Enabled"] = "true",
            ["Plugins:Sql:Provider"] = "sqlite",
            ["Plugins:Sql:ConnectionString"] = $"Data Source={database};Pooling=False",
            ["Plugins:Sql:LookupQuery"] = "SELECT id, name, company FROM people WHERE phone = @e164",
            ["Plugins:PhonebookFile:Enabled"] = "true",
            ["Plugins:PhonebookFile:Path"] = "phonebook.csv",
        });

        await registry.LoadAsync(CancellationToken.None);

        var plugins = registry.GetPlugins();
        Assert.Equal(["PhonebookFile", "Sql", "Webhook"], plugins.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(plugins, p => Assert.Equal(PluginState.Loaded, p.State));
        Assert.Equal(["lookup", "journal"], plugins.Single(p => p.Id == "Sql").Capabilities);
        Assert.Equal(["lookup"], plugins.Single(p => p.Id == "PhonebookFile").Capabilities);
        Assert.Equal(_folder.DataPlugins, Path.GetDirectoryName(plugins.Single(p => p.Id == "PhonebookFile").Directory));

        var sql = registry.ContactSources.Single(s => s.Name == "Sql");
        var phonebook = registry.ContactSources.Single(s => s.Name == "PhonebookFile");
        Assert.Equal(new ContactRef("7", "Alice Martin", "ACME", null), await sql.LookupAsync(new RemoteParty("0123456789", "+33123456789", null), CancellationToken.None));
        Assert.Equal("Dr Morel", (await phonebook.LookupAsync(new RemoteParty("0144556677", null, null), CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task EachPluginHasItsOwnLoadContextButTheHostsContract()
    {
        PluginFolder.Copy("Webhook", _folder.Installation);
        await using var registry = Registry(new()
        {
            ["Plugins:Webhook:Enabled"] = "true",
            ["Plugins:Webhook:JournalUrl"] = "http://127.0.0.1:9/calls",
        });

        await registry.LoadAsync(CancellationToken.None);

        var journal = Assert.Single(registry.Journals).Journal;
        var context = AssemblyLoadContext.GetLoadContext(journal.GetType().Assembly);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.Equal("plugin:Webhook", context?.Name);
        Assert.Same(typeof(ICallJournal).Assembly, journal.GetType().GetInterfaces().Single(i => i.Name == nameof(ICallJournal)).Assembly);
        Assert.Equal(["CtiConnector.Plugins.Webhook"], context!.Assemblies.Select(a => a.GetName().Name)); // abstractions are the host's
    }

    [Fact]
    public async Task APluginCompiledIntoTheAgentIsCreatedByItsFactoryAndConfiguredFromItsFolder()
    {
        // The NativeAOT build lists the shipped adapters as built in: their folder holds plugin.json, the code is the agent's.
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Installation, "Crm")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "plugin.json"),
            """{ "id": "Crm", "name": "A CRM", "version": "2.1.0", "entryAssembly": "Crm.Adapter.dll", "contractVersion": 1 }""");
        var plugin = new ScriptedPlugin
        {
            Lookup = (query, _) => Task.FromResult<PluginContact?>(query.E164 == "+33123456789" ? new PluginContact("c-1", "Alice Martin") : null),
        };
        var created = 0;
        await using var registry = new PluginRegistry(
            new PluginHostOptions
            {
                Directories = [_folder.Installation],
                DataDirectory = _folder.DataDirectory,
                DefaultCountry = "FR",
                BuiltIn = new Dictionary<string, Func<ICtiPlugin>> { ["Crm.Adapter.dll"] = () => { created++; return plugin; } },
            },
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Plugins:Crm:Enabled"] = "true", ["Plugins:Crm:Url"] = "http://127.0.0.1:9/" }).Build(),
            NullLoggerFactory.Instance,
            TimeProvider.System);

        await registry.LoadAsync(CancellationToken.None);

        var info = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Loaded, info.State);
        Assert.Equal("2.1.0", info.Version);
        Assert.Equal(1, created);
        Assert.Equal("http://127.0.0.1:9/", plugin.Context?.Configuration["Url"]);
        var source = Assert.Single(registry.ContactSources);
        Assert.Equal("Alice Martin", (await source.LookupAsync(new RemoteParty("0123456789", "+33123456789", null), CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task APluginThatIsNotEnabledIsListedAsDisabledAndNotLoaded()
    {
        PluginFolder.Copy("Webhook", _folder.Installation);
        await using var registry = Registry(new() { ["Plugins:Webhook:LookupUrl"] = "http://127.0.0.1:9/{e164}" });

        await registry.LoadAsync(CancellationToken.None);

        var plugin = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Disabled, plugin.State);
        Assert.Contains("Plugins:Webhook:Enabled", plugin.Reason, StringComparison.Ordinal);
        Assert.Empty(plugin.Capabilities);
        Assert.Empty(registry.ContactSources);
    }

    [Fact]
    public async Task AnotherContractVersionIsRefusedBeforeLoading()
    {
        var directory = PluginFolder.Copy("Webhook", _folder.Installation);
        await File.WriteAllTextAsync(Path.Combine(directory, "plugin.json"),
            """{ "id": "Webhook", "name": "Webhook", "version": "9.0.0", "entryAssembly": "CtiConnector.Plugins.Webhook.dll", "contractVersion": 2 }""");
        await using var registry = Registry(new() { ["Plugins:Webhook:Enabled"] = "true", ["Plugins:Webhook:LookupUrl"] = "http://127.0.0.1:9/{e164}" });

        await registry.LoadAsync(CancellationToken.None);

        var plugin = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Failed, plugin.State);
        Assert.Contains("contract version 2", plugin.Reason, StringComparison.Ordinal);
        Assert.Empty(registry.ContactSources);
    }

    [Theory]
    [InlineData("""{ "id": "../evil", "entryAssembly": "x.dll", "contractVersion": 1 }""", "id '../evil' is not valid")]
    [InlineData("""{ "id": "Evil", "entryAssembly": "../x.dll", "contractVersion": 1 }""", "must be a .dll file name")]
    [InlineData("""{ "id": "Evil", "entryAssembly": "x.dll" }""", "no numeric contractVersion")]
    [InlineData("""{ "id": "Evil", """, "not valid JSON")]
    [InlineData("""{ "id": "Evil", "entryAssembly": "Missing.dll", "contractVersion": 1 }""", "Missing.dll not found")]
    public async Task ABadManifestOrMissingAssemblyIsListedAsFailedWithTheReason(string manifest, string reason)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_folder.Installation, "Evil")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "plugin.json"), manifest);
        await using var registry = Registry(new() { ["Plugins:Evil:Enabled"] = "true" });

        await registry.LoadAsync(CancellationToken.None);

        var plugin = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Failed, plugin.State);
        Assert.Contains(reason, plugin.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInstallationsCopyWinsOverADuplicateInTheDataDirectory()
    {
        PluginFolder.Copy("Webhook", _folder.Installation);
        PluginFolder.Copy("Webhook", _folder.DataPlugins);
        await using var registry = Registry(new() { ["Plugins:Webhook:Enabled"] = "true", ["Plugins:Webhook:LookupUrl"] = "http://127.0.0.1:9/{e164}" });

        await registry.LoadAsync(CancellationToken.None);

        var plugins = registry.GetPlugins();
        Assert.Equal([PluginState.Loaded, PluginState.Failed], plugins.Select(p => p.State));
        Assert.Contains("already loaded from", plugins[1].Reason, StringComparison.Ordinal);
        Assert.Single(registry.ContactSources);
    }

    [Fact]
    public async Task AnAdapterWhoseSettingsAreWrongIsFailedWithItsOwnMessage()
    {
        PluginFolder.Copy("Webhook", _folder.Installation);
        await using var registry = Registry(new() { ["Plugins:Webhook:Enabled"] = "true", ["Plugins:Webhook:LookupUrl"] = "http://127.0.0.1:9/{phone}" });

        await registry.LoadAsync(CancellationToken.None);

        var plugin = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Failed, plugin.State);
        Assert.Contains("unknown placeholder {phone}", plugin.Reason, StringComparison.Ordinal);
    }

    private PluginRegistry Registry(Dictionary<string, string?> settings) => new(
        new PluginHostOptions
        {
            Directories = [_folder.Installation, _folder.DataPlugins],
            DataDirectory = _folder.DataDirectory,
            DefaultCountry = "FR",
            InitializeBudget = TimeSpan.FromSeconds(60), // first loads JIT a whole provider: never an overrun here
            LookupBudget = TimeSpan.FromSeconds(60),
        },
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
        NullLoggerFactory.Instance,
        TimeProvider.System);

    private static void CreateCrmDatabase(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, company TEXT, phone TEXT);
            INSERT INTO people VALUES (7, 'Alice Martin', 'ACME', '+33123456789');
            """;
        command.ExecuteNonQuery();
    }
}
