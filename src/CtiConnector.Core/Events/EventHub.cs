using System.Threading.Channels;

namespace CtiConnector.Core.Events;

/// <summary>
/// Fans events out to subscribers, each with its own bounded queue. Publishing never blocks: a subscriber whose
/// queue is full is dropped, after a final <see cref="SubscriptionDroppedEvent"/>.
/// </summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly List<EventSubscription> _subscribers = [];
    private readonly int _capacity;
    private readonly TimeProvider _time;

    /// <param name="capacity">Events a subscriber may have waiting before it is dropped.</param>
    public EventHub(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _time = time;
    }

    /// <summary>Subscribers currently attached.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>
    /// Attaches a subscriber whose first event is <paramref name="first"/>. The caller makes the snapshot and the
    /// subscription atomic with respect to <see cref="Publish"/> (the command layer holds its state lock for both).
    /// </summary>
    public EventSubscription Subscribe(CtiEvent first)
    {
        var subscription = new EventSubscription(this);
        subscription.Writer.TryWrite(first);
        lock (_gate)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Queues <paramref name="evt"/> for every subscriber; drops those that are full.</summary>
    public void Publish(CtiEvent evt)
    {
        lock (_gate)
        {
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var subscriber = _subscribers[i];
                if (subscriber.Pending >= _capacity)
                {
                    _subscribers.RemoveAt(i);
                    subscriber.Writer.TryWrite(new SubscriptionDroppedEvent(_time.GetUtcNow(), $"more than {_capacity} events waiting"));
                    subscriber.Writer.TryComplete();
                    continue;
                }

                subscriber.Writer.TryWrite(evt);
            }
        }
    }

    /// <summary>Ends every subscription (agent shutting down).</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }

        subscription.Writer.TryComplete();
    }

    internal static Channel<CtiEvent> CreateQueue() =>
        Channel.CreateUnbounded<CtiEvent>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
}
