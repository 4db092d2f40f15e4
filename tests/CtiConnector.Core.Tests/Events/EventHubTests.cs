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

    [Fact]
    public async Task ForEachHandsEveryEventInOrderAndEndsWithTheSubscription()
    {
        var hub = new EventHub(16, TimeProvider.System);
        using var subscriber = hub.Subscribe(new SubscriptionDroppedEvent(T0, "first"));
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(new SubscriptionDroppedEvent(T0, $"e{i}"));
        }

        hub.CompleteAll();
        var reasons = new List<string>();
        await subscriber.ForEachAsync(
            async (evt, _) =>
            {
                await Task.Yield();
                reasons.Add(((SubscriptionDroppedEvent)evt).Reason);
            },
            CancellationToken.None);

        Assert.Equal(["first", "e0", "e1", "e2", "e3", "e4"], reasons);
    }

    [Fact]
    public async Task ForEachReturnsQuietlyWhenItsConsumerStopsButNotWhenTheHandlerFails()
    {
        var hub = new EventHub(16, TimeProvider.System);
        using var subscriber = hub.Subscribe(new SubscriptionDroppedEvent(T0, "first"));
        using var stopping = new CancellationTokenSource();
        var seen = 0;
        var loop = subscriber.ForEachAsync(
            (_, _) =>
            {
                seen++;
                stopping.Cancel();
                return ValueTask.CompletedTask;
            },
            stopping.Token);
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, seen);
        Assert.True(loop.IsCompletedSuccessfully);

        using var failing = hub.Subscribe(new SubscriptionDroppedEvent(T0, "second"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.ForEachAsync((_, _) => throw new InvalidOperationException("handler failed"), CancellationToken.None));
        Assert.Equal("handler failed", error.Message);
    }
}
