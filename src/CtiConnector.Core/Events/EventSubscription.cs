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

    /// <summary>
    /// Hands each event to <paramref name="handler"/> in order until the subscription ends, or returns quietly when
    /// <paramref name="cancellationToken"/> fires (the consumer stopping). A handler's own exception ends the loop.
    /// </summary>
    public async Task ForEachAsync(Func<CtiEvent, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await handler(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    internal int Pending => _queue.Reader.Count;

    public void Dispose() => _hub.Remove(this);
}
