using System.Threading.Channels;
using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Plugins.Host.Tests;

/// <summary>The journal queue over the real storage outbox (a SQLite file): order, once, retry with backoff, durability.</summary>
public sealed class JournalDispatcherTests : IAsyncLifetime
{
    private readonly PluginFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly List<PluginRegistry> _registries = [];
    private StorageHandle _storage = null!;

    public async Task InitializeAsync() => _storage = await OpenStorageAsync();

    public async Task DisposeAsync()
    {
        foreach (var registry in _registries)
        {
            await registry.DisposeAsync();
        }

        await _storage.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task FinishedCallsAreDeliveredInOrderAndOnlyOnce()
    {
        var crm = new ScriptedPlugin();
        var dispatcher = await CreateAsync(("Crm", crm));
        var ids = await InsertCallsAsync(3);

        foreach (var id in ids)
        {
            await dispatcher.EnqueueAsync(id, CancellationToken.None);
        }

        Assert.Equal(3, await dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(ids, crm.Journaled);
    }

    [Fact]
    public async Task TheRecordCarriesTheHistoryFields()
    {
        CallRecord? received = null;
        var crm = new ScriptedPlugin { Journal = (call, _, _) => { received = call; return Task.CompletedTask; } };
        var dispatcher = await CreateAsync(("Crm", crm));
        var id = (await InsertCallsAsync(1))[0];

        await dispatcher.EnqueueAsync(id, CancellationToken.None);
        await dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.NotNull(received);
        Assert.Equal(id, received.HistoryId);
        Assert.Equal("inbound", received.Direction);
        Assert.Equal("+33100000001", received.RemoteE164);
        Assert.Equal("Contact 1", received.ContactName);
        Assert.Equal("no-answer", received.Disposition);
        Assert.Equal("note 1", received.Notes);
        Assert.Equal("acc", received.AccountId);
    }

    [Fact]
    public async Task AFailingCrmGetsItsCallsLaterInOrderWithDoublingWaits()
    {
        var down = true;
        var crm = new ScriptedPlugin
        {
            Journal = (_, _, _) => down ? throw new HttpRequestException("503 Service Unavailable") : Task.CompletedTask,
        };
        var dispatcher = await CreateAsync(("Crm", crm));
        var ids = await InsertCallsAsync(3);
        foreach (var id in ids)
        {
            await dispatcher.EnqueueAsync(id, CancellationToken.None);
        }

        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None)); // attempt 1 fails: next in 2 s
        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None)); // not due: no attempt
        Assert.Equal(1, crm.JournalAttempts);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None)); // attempt 2 fails: next in 4 s
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None)); // 3 s later: still waiting
        Assert.Equal(2, crm.JournalAttempts);

        down = false;
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(ids, crm.Journaled);
        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(5, crm.JournalAttempts);
    }

    [Fact]
    public async Task ACrmDownForAnHourGetsEveryCallAfterwardsInOrder()
    {
        var down = true;
        var crm = new ScriptedPlugin { Journal = (_, _, _) => down ? throw new TimeoutException("no route") : Task.CompletedTask };
        var dispatcher = await CreateAsync(("Crm", crm));
        var ids = new List<long>();
        for (var minute = 0; minute < 60; minute++)
        {
            if (minute % 10 == 0)
            {
                var id = (await InsertCallsAsync(1))[0];
                ids.Add(id);
                await dispatcher.EnqueueAsync(id, CancellationToken.None);
            }

            await dispatcher.DeliverDueAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Empty(crm.Journaled);
        down = false;
        _clock.Advance(TimeSpan.FromMinutes(5)); // the longest wait
        await dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(ids, crm.Journaled);
    }

    [Fact]
    public async Task AJournalThatHangsIsRetriedAfterTheBudget()
    {
        var never = new TaskCompletionSource();
        var crm = new ScriptedPlugin { Journal = (_, attempt, _) => attempt == 1 ? never.Task : Task.CompletedTask };
        var dispatcher = await CreateAsync(TimeSpan.FromMilliseconds(300), ("Crm", crm));
        var id = (await InsertCallsAsync(1))[0];
        await dispatcher.EnqueueAsync(id, CancellationToken.None);

        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await dispatcher.DeliverDueAsync(CancellationToken.None));

        Assert.Equal([id], crm.Journaled);
        Assert.False(never.Task.IsCompleted);
    }

    [Fact]
    public async Task OneFailingCrmDoesNotHoldBackAnother()
    {
        var broken = new ScriptedPlugin { Journal = (_, _, _) => throw new InvalidOperationException("broken") };
        var healthy = new ScriptedPlugin();
        var dispatcher = await CreateAsync(("Broken", broken), ("Healthy", healthy));
        var ids = await InsertCallsAsync(2);

        foreach (var id in ids)
        {
            Assert.Equal(2, await dispatcher.EnqueueAsync(id, CancellationToken.None));
        }

        Assert.Equal(2, await dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(ids, healthy.Journaled);
        Assert.Empty(broken.Journaled);
    }

    [Fact]
    public async Task QueuedCallsSurviveARestart()
    {
        var down = new ScriptedPlugin { Journal = (_, _, _) => throw new HttpRequestException("down") };
        var before = await CreateAsync(("Crm", down));
        var ids = await InsertCallsAsync(2);
        foreach (var id in ids)
        {
            await before.EnqueueAsync(id, CancellationToken.None);
        }

        await before.DeliverDueAsync(CancellationToken.None);
        await _storage.DisposeAsync();
        _storage = await OpenStorageAsync();
        var up = new ScriptedPlugin();
        var after = await CreateAsync(("Crm", up));
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(2, await after.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(ids, up.Journaled);
    }

    [Fact]
    public async Task CallEndedEventsAreQueuedAndDeliveredByTheRunningDispatcher()
    {
        var delivered = new TaskCompletionSource<CallRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        var crm = new ScriptedPlugin { Journal = (call, _, _) => { delivered.TrySetResult(call); return Task.CompletedTask; } };
        var dispatcher = await CreateAsync(("Crm", crm));
        var id = (await InsertCallsAsync(1))[0];
        var events = Channel.CreateUnbounded<CtiEvent>();
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(events.Reader, stop.Token);
        var info = new CallInfo("call-x", "acc", CallDirection.Inbound, CallState.Ended, new RemoteParty("0100000001", "+33100000001", null),
            null, _clock.GetUtcNow(), null, _clock.GetUtcNow(), CallDisposition.Missed);

        await events.Writer.WriteAsync(new CallEvent(EventTypes.CallAnswered, _clock.GetUtcNow(), info));
        await events.Writer.WriteAsync(new CallEvent(EventTypes.CallEnded, _clock.GetUtcNow(), info) { HistoryId = id, DurationSeconds = 0 });
        var call = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a hang guard, not a timing assertion

        Assert.Equal(id, call.HistoryId);
        await stop.CancelAsync();
        await run;
        Assert.Equal([id], crm.Journaled);
    }

    [Fact]
    public async Task WithoutJournalPluginsNothingIsQueued()
    {
        var dispatcher = await CreateAsync();
        var id = (await InsertCallsAsync(1))[0];

        Assert.Equal(0, await dispatcher.EnqueueAsync(id, CancellationToken.None));
        Assert.Empty(await _storage.Outbox.GetDueAsync("journal:Crm", DateTimeOffset.MaxValue.AddYears(-1), 10, CancellationToken.None));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(8, 256)]
    [InlineData(9, 300)]
    [InlineData(1000, 300)]
    public async Task TheWaitDoublesFromTheFirstRetryUpToTheLongest(int failedAttempts, int seconds)
    {
        var dispatcher = await CreateAsync();

        Assert.Equal(TimeSpan.FromSeconds(seconds), dispatcher.Backoff(failedAttempts));
    }

    private Task<JournalDispatcher> CreateAsync(params (string Id, ScriptedPlugin Plugin)[] plugins) =>
        CreateAsync(TimeSpan.FromSeconds(30), plugins); // a quick delivery never turns into an overrun on a loaded machine

    private async Task<JournalDispatcher> CreateAsync(TimeSpan journalBudget, params (string Id, ScriptedPlugin Plugin)[] plugins)
    {
        var settings = plugins.ToDictionary(p => $"Plugins:{p.Id}:Enabled", _ => (string?)"true");
        var options = new PluginHostOptions
        {
            DataDirectory = _folder.DataDirectory,
            JournalBudget = journalBudget,
            JournalFirstRetry = TimeSpan.FromSeconds(2),
            JournalMaxRetry = TimeSpan.FromMinutes(5),
            JournalPollInterval = TimeSpan.FromMilliseconds(20),
        };
        var registry = new PluginRegistry(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLoggerFactory.Instance, _clock);
        _registries.Add(registry);
        foreach (var (id, plugin) in plugins)
        {
            await registry.AddAsync(new PluginManifest(id, id, "1", id + ".dll", PluginContract.Version), _folder.Installation, () => plugin, CancellationToken.None);
        }

        return new JournalDispatcher(registry, new OutboxJournalQueue(_storage.Outbox), _storage.History, options, _clock, NullLogger<JournalDispatcher>.Instance);
    }

    private async Task<List<long>> InsertCallsAsync(int count)
    {
        var ids = new List<long>();
        for (var i = 1; i <= count; i++)
        {
            var started = _clock.GetUtcNow();
            ids.Add(await _storage.History.InsertAsync(
                new HistoryRecord(0, $"call-{Guid.NewGuid():N}", "acc", CallDirection.Inbound, new RemoteParty($"010000000{i}", $"+3310000000{i}", null),
                    new ContactRef($"c{i}", $"Contact {i}", null, null), started, null, started.AddSeconds(20), 0, CallDisposition.NoAnswer, $"note {i}"),
                CancellationToken.None));
        }

        return ids;
    }

    private Task<StorageHandle> OpenStorageAsync() =>
        StorageFactory.OpenAsync(new StorageOptions { DataDirectory = _folder.DataDirectory }, null, CancellationToken.None);
}
