using System.Threading.Channels;

namespace CtiConnector.Core.Events;

/// <summary>One subscriber's queue of events. Dispose it to detach.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub _hub;
    private readonly Channel<CtiEvent> _queue = EventHub.CreateQueue();

    internal EventSubscription(EventHub hub) => _hub = hub;

    /// <summary>The events, in order; completes when the subscription ends (dropped, disposed or agent stopping).</summary>
    public ChannelReader<CtiEvent> Reader => _queue.Reader;

    internal ChannelWriter<CtiEvent> Writer => _queue.Writer;

    internal int Pending => _queue.Reader.Count;

    public void Dispose() => _hub.Remove(this);
}
