using CtiConnector.Core.Events;

namespace CtiConnector.Core.Tests.Events;

public sealed class EventHubTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASubscriberThatFallsTooFarBehindIsDroppedWithAFinalEvent()
    {
        var hub = new EventHub(3, TimeProvider.System);
        using var slow = hub.Subscribe(new SubscriptionDroppedEvent(T0, "first"));

        for (var i = 0; i < 10; i++)
        {
            hub.Publish(new SubscriptionDroppedEvent(T0, $"e{i}"));
        }

        var received = new List<CtiEvent>();
        await foreach (var evt in slow.Reader.ReadAllAsync())
        {
            received.Add(evt);
        }

        Assert.Equal(4, received.Count);
        Assert.Equal(EventTypes.SubscriptionDropped, received[^1].Type);
        Assert.Contains("waiting", ((SubscriptionDroppedEvent)received[^1]).Reason, StringComparison.Ordinal);
        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task AKeepingUpSubscriberReceivesEveryEventInOrder()
    {
        var hub = new EventHub(3, TimeProvider.System);
        using var subscriber = hub.Subscribe(new SubscriptionDroppedEvent(T0, "first"));
        await subscriber.Reader.ReadAsync();

        var reasons = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            hub.Publish(new SubscriptionDroppedEvent(T0, $"e{i}"));
            reasons.Add(((SubscriptionDroppedEvent)await subscriber.Reader.ReadAsync()).Reason);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i}"), reasons);
        Assert.Equal(1, hub.SubscriberCount);
    }
}
