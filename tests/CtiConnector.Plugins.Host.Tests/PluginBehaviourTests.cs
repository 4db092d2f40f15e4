using CtiConnector.Core.Contacts;
using CtiConnector.Core.Model;
using CtiConnector.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Plugins.Host.Tests;

/// <summary>Plugins that throw or hang in initialisation or lookup cost nothing but their own contribution.</summary>
public sealed class PluginBehaviourTests : IAsyncLifetime
{
    private static readonly RemoteParty Caller = new("0123456789", "+33123456789", "ALICE");

    private readonly PluginFolder _folder = new();
    private PluginRegistry _registry = null!;

    public Task InitializeAsync()
    {
        _registry = CreateRegistry(new PluginHostOptions
        {
            DataDirectory = _folder.DataDirectory,
            DefaultCountry = "FR",
            // Long enough that a loaded machine never turns a quick answer into an overrun; the hanging plugins
            // below simply wait it out.
            InitializeBudget = TimeSpan.FromSeconds(2),
            LookupBudget = TimeSpan.FromSeconds(2),
            FirstLookupBudget = TimeSpan.FromSeconds(2),
            MaxConsecutiveFailures = 3,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task APluginThatThrowsInInitializeIsFailedWithTheMessage()
    {
        var plugin = new ScriptedPlugin { Initialize = (_, _) => throw new InvalidOperationException("no API key") };

        var info = await AddAsync("Thrower", plugin);

        Assert.Equal(PluginState.Failed, info.State);
        Assert.Equal("initialisation failed: InvalidOperationException: no API key", info.Reason);
        Assert.Empty(_registry.ContactSources);
        Assert.Empty(_registry.Journals);
    }

    [Fact]
    public async Task APluginThatHangsInInitializeIsFailedAfterTheBudget()
    {
        var never = new TaskCompletionSource();
        var plugin = new ScriptedPlugin { Initialize = (_, _) => never.Task };

        var info = await AddAsync("Sleeper", plugin);

        Assert.Equal(PluginState.Failed, info.State);
        Assert.StartsWith("initialisation took longer than", info.Reason, StringComparison.Ordinal);
        Assert.Empty(_registry.ContactSources);
        Assert.False(never.Task.IsCompleted);
    }

    [Fact]
    public async Task APluginGetsItsOwnConfigurationSectionAndTheEnvironment()
    {
        var plugin = new ScriptedPlugin();

        await AddAsync("Crm", plugin);

        Assert.Equal("k3y", plugin.Context?.Configuration["ApiKey"]);
        Assert.Equal(_folder.DataDirectory, plugin.Context?.DataDirectory);
        Assert.Equal("FR", plugin.Context?.DefaultCountry);
    }

    [Fact]
    public async Task LookupSeesEveryFormOfTheNumberAndItsAnswerBecomesAContactRef()
    {
        PhoneNumberQuery? seen = null;
        var plugin = new ScriptedPlugin
        {
            Lookup = (query, _) =>
            {
                seen = query;
                return Task.FromResult<PluginContact?>(new PluginContact("c-1", "Alice Martin", "ACME", "https://crm.example/c-1"));
            },
        };
        await AddAsync("Crm", plugin);

        var contact = await Assert.Single(_registry.ContactSources).LookupAsync(new RemoteParty("0123456789", null, "ALICE"), CancellationToken.None);

        Assert.Equal(new ContactRef("c-1", "Alice Martin", "ACME", "https://crm.example/c-1"), contact);
        Assert.Equal(new PhoneNumberQuery("0123456789", "+33123456789", "0123456789", "ALICE"), seen);
    }

    [Fact]
    public async Task ALookupThatThrowsIsAMissAndRepeatedFailuresDisableThePlugin()
    {
        var plugin = new ScriptedPlugin { Lookup = (_, _) => throw new HttpRequestException("CRM is down") };
        await AddAsync("Flaky", plugin);
        var source = Assert.Single(_registry.ContactSources);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await source.LookupAsync(Caller, CancellationToken.None));
        }

        Assert.Null(await source.LookupAsync(Caller, CancellationToken.None));
        Assert.Equal(3, plugin.Lookups);
        var info = Assert.Single(_registry.GetPlugins());
        Assert.Equal(PluginState.Disabled, info.State);
        Assert.Equal("disabled after 3 failures in a row; last: lookup threw HttpRequestException: CRM is down", info.Reason);
    }

    [Fact]
    public async Task ADisabledPluginIsProbedAfterTheRetryPeriodAndAnAnswerEnablesItAgain()
    {
        var clock = new ManualClock();
        await using var registry = new PluginRegistry(
            new PluginHostOptions { DataDirectory = _folder.DataDirectory, MaxConsecutiveFailures = 2, DisabledRetryAfter = TimeSpan.FromMinutes(5) },
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Plugins:Crm:Enabled"] = "true" }).Build(),
            NullLoggerFactory.Instance,
            clock);
        var down = true;
        var plugin = new ScriptedPlugin
        {
            Lookup = (_, _) => down ? throw new HttpRequestException("down") : Task.FromResult<PluginContact?>(new PluginContact("1", "Back Again")),
        };
        await registry.AddAsync(new PluginManifest("Crm", "Crm", "1", "Crm.dll", PluginContract.Version), _folder.Installation, () => plugin, CancellationToken.None);
        var source = Assert.Single(registry.ContactSources);
        await source.LookupAsync(Caller, CancellationToken.None);
        await source.LookupAsync(Caller, CancellationToken.None);
        Assert.Equal(PluginState.Disabled, Assert.Single(registry.GetPlugins()).State);

        clock.Advance(TimeSpan.FromMinutes(4));
        await source.LookupAsync(Caller, CancellationToken.None); // not yet: the plugin is not called
        clock.Advance(TimeSpan.FromMinutes(1));
        await source.LookupAsync(Caller, CancellationToken.None); // the probe, still failing
        await source.LookupAsync(Caller, CancellationToken.None); // the next probe is 5 min away
        Assert.Equal(3, plugin.Lookups);
        Assert.Equal(PluginState.Disabled, Assert.Single(registry.GetPlugins()).State);

        down = false;
        clock.Advance(TimeSpan.FromMinutes(5));
        var contact = await source.LookupAsync(Caller, CancellationToken.None);

        Assert.Equal("Back Again", contact?.Name);
        var info = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Loaded, info.State);
        Assert.Null(info.Reason);
    }

    [Fact]
    public async Task AColdPluginsFirstLookupGetsTheWarmUpBudgetAndLaterLookupsTheUsualOne()
    {
        await using var registry = new PluginRegistry(
            new PluginHostOptions
            {
                DataDirectory = _folder.DataDirectory,
                LookupBudget = TimeSpan.FromMilliseconds(200),
                FirstLookupBudget = TimeSpan.FromSeconds(60),
                MaxConsecutiveFailures = 1,
            },
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Plugins:Crm:Enabled"] = "true" }).Build(),
            NullLoggerFactory.Instance,
            TimeProvider.System);
        // Every answer takes a second, five times the usual budget: the first one as a plugin still being compiled.
        var plugin = new ScriptedPlugin
        {
            Lookup = async (_, _) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                return new PluginContact("c-1", "Slow Start");
            },
        };
        await registry.AddAsync(new PluginManifest("Crm", "Crm", "1", "Crm.dll", PluginContract.Version), _folder.Installation, () => plugin, CancellationToken.None);
        var source = Assert.Single(registry.ContactSources);

        var first = await source.LookupAsync(Caller, CancellationToken.None);

        Assert.Equal("Slow Start", first?.Name);
        Assert.Equal(PluginState.Loaded, Assert.Single(registry.GetPlugins()).State);

        var second = await source.LookupAsync(Caller, CancellationToken.None);

        Assert.Null(second);
        var info = Assert.Single(registry.GetPlugins());
        Assert.Equal(PluginState.Disabled, info.State);
        Assert.Equal("disabled after 1 failures in a row; last: lookup took longer than 200 ms", info.Reason);
    }

    [Fact]
    public async Task AnAnswerBetweenFailuresResetsTheRun()
    {
        var calls = 0;
        var plugin = new ScriptedPlugin
        {
            Lookup = (_, _) => ++calls % 2 == 0
                ? Task.FromResult<PluginContact?>(null)
                : throw new InvalidOperationException("odd call"),
        };
        await AddAsync("Alternating", plugin);
        var source = Assert.Single(_registry.ContactSources);

        for (var i = 0; i < 8; i++)
        {
            await source.LookupAsync(Caller, CancellationToken.None);
        }

        Assert.Equal(PluginState.Loaded, Assert.Single(_registry.GetPlugins()).State);
        Assert.Equal(8, plugin.Lookups);
    }

    [Fact]
    public async Task ALookupThatBlocksItsThreadIsAbandonedWhileItStillHangs()
    {
        using var release = new ManualResetEventSlim();
        var plugin = new ScriptedPlugin
        {
            Lookup = (_, _) =>
            {
                release.Wait(); // a badly written plugin: blocks, ignores its token
                return Task.FromResult<PluginContact?>(new PluginContact("late", "Too Late"));
            },
        };
        await AddAsync("Blocker", plugin);

        var contact = await Assert.Single(_registry.ContactSources).LookupAsync(Caller, CancellationToken.None);

        Assert.Null(contact);
        Assert.False(release.IsSet); // answered while the plugin was still blocked
        Assert.Equal(PluginState.Loaded, Assert.Single(_registry.GetPlugins()).State); // one overrun is not yet a pattern
        release.Set();
    }

    [Fact]
    public async Task AHangingPluginCostsTheRingNothingButItsOwnAnswer()
    {
        var hang = new TaskCompletionSource<PluginContact?>();
        await AddAsync("Hanger", new ScriptedPlugin { Lookup = (_, _) => hang.Task });
        await AddAsync("Good", new ScriptedPlugin
        {
            Lookup = (_, _) => Task.FromResult<PluginContact?>(new PluginContact("g-1", "Found By Good")),
        });
        await using var storage = await StorageFactory.OpenAsync(
            new StorageOptions { DataDirectory = _folder.DataDirectory }, null, CancellationToken.None);
        var resolver = new ContactResolver(
            storage.Contacts,
            _registry.ContactSources,
            new ContactResolverOptions { Budget = TimeSpan.FromSeconds(30), LateLimit = TimeSpan.FromSeconds(60) },
            TimeProvider.System,
            NullLogger<ContactResolver>.Instance);

        // The hanging plugin is first in order: the resolver may only use the second answer once the first is
        // decided, so the call completes only because the host's lookup budget decided the hanging one as a miss.
        var contact = await resolver.ResolveAsync(Caller, "+33123456789", null, null, CancellationToken.None);

        Assert.Equal(new ContactRef("g-1", "Found By Good", null, null), contact);
        Assert.False(hang.Task.IsCompleted);
    }

    private async Task<PluginInfo> AddAsync(string id, ScriptedPlugin plugin) =>
        await _registry.AddAsync(new PluginManifest(id, id, "1.0.0", id + ".dll", PluginContract.Version), _folder.Installation, () => plugin, CancellationToken.None);

    private static PluginRegistry CreateRegistry(PluginHostOptions options) => new(
        options,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Plugins:Thrower:Enabled"] = "true",
            ["Plugins:Sleeper:Enabled"] = "true",
            ["Plugins:Crm:Enabled"] = "true",
            ["Plugins:Crm:ApiKey"] = "k3y",
            ["Plugins:Flaky:Enabled"] = "true",
            ["Plugins:Alternating:Enabled"] = "true",
            ["Plugins:Blocker:Enabled"] = "true",
            ["Plugins:Hanger:Enabled"] = "true",
            ["Plugins:Good:Enabled"] = "true",
        }).Build(),
        NullLoggerFactory.Instance,
        TimeProvider.System);
}
