using CtiConnector.Core.Calls;
using CtiConnector.Core.Contacts;
using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Core.Numbers;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Core.Tests.Fakes;

/// <summary>A started <see cref="CallCenter"/> over the in-memory fakes, with a subscription already past its snapshot.</summary>
public sealed class CallCenterFixture : IAsyncDisposable
{
    public static readonly Contact Alice = new(
        "c-alice", null, "Alice Martin", "Acme", null, "https://crm.example/alice",
        [new ContactPhone("work", "01 23 45 67 89", "+33123456789", "123456789")]);

    private CallCenterFixture(CallCenter center, FakeTelephony telephony, InMemoryHistoryStore history, InMemoryContactStore contacts)
    {
        Center = center;
        Telephony = telephony;
        History = history;
        Contacts = contacts;
    }

    public CallCenter Center { get; }

    public FakeTelephony Telephony { get; }

    public InMemoryHistoryStore History { get; }

    public InMemoryContactStore Contacts { get; }

    public EventSubscription Events { get; private set; } = null!;

    public static async Task<CallCenterFixture> StartAsync(
        IEnumerable<IContactSource>? sources = null,
        TimeSpan? budget = null,
        IContactFileReader? fileReader = null,
        InMemoryHistoryStore? history = null,
        TimeProvider? time = null)
    {
        var telephony = new FakeTelephony();
        history ??= new InMemoryHistoryStore();
        var contacts = new InMemoryContactStore().Add(Alice);
        var options = new CallCenterOptions
        {
            Version = "9.9.9",
            ContactLookup = new ContactResolverOptions { Budget = budget ?? TimeSpan.FromMilliseconds(300) },
            SubscriberQueueCapacity = 64,
        };
        var center = new CallCenter(
            telephony, history, contacts, sources ?? [], PhoneNumberNormalizer.ForCountry("FR"), fileReader, options,
            time ?? TimeProvider.System, NullLoggerFactory.Instance);
        await center.StartAsync(CancellationToken.None);
        var fixture = new CallCenterFixture(center, telephony, history, contacts);
        fixture.Events = center.Subscribe();
        var snapshot = await fixture.NextEventAsync();
        Assert.IsType<SnapshotEvent>(snapshot);
        return fixture;
    }

    public async Task<CtiEvent> NextEventAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Events.Reader.ReadAsync(cts.Token);
    }

    public async Task<CallEvent> NextCallEventAsync(string type)
    {
        var evt = await NextEventAsync();
        Assert.Equal(type, evt.Type);
        return Assert.IsType<CallEvent>(evt);
    }

    public async ValueTask DisposeAsync()
    {
        Events.Dispose();
        await Center.DisposeAsync();
    }
}
