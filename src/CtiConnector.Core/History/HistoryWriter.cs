using System.Threading.Channels;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Core.History;

/// <summary>
/// Writes call records to the <see cref="IHistoryStore"/> in order, off the telephony threads: insert when the call
/// starts, update as it progresses, finalise when it ends. A failing write is retried; if the insert never made it, a
/// later update inserts the record instead, so a call is never lost while the store is reachable at all.
/// </summary>
public sealed partial class HistoryWriter : IAsyncDisposable
{
    private static readonly TimeSpan[] s_retryDelays =
        [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly IHistoryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<HistoryWriter> _logger;
    private readonly Channel<Operation> _operations =
        Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    public HistoryWriter(IHistoryStore store, TimeProvider time, ILogger<HistoryWriter> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts the writing loop.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues the insert of a call that just started (disposition null).</summary>
    public void Begin(HistoryRecord record) => _operations.Writer.TryWrite(new Operation(OperationKind.Begin, record, null, null));

    /// <summary>Queues an update of a live call (answered, contact found...).</summary>
    public void Update(HistoryRecord record) => _operations.Writer.TryWrite(new Operation(OperationKind.Update, record, null, null));

    /// <summary>Queues the final write of a call; <paramref name="written"/> receives the record id (null if the store refused it).</summary>
    public void End(HistoryRecord record, Action<long?> written) =>
        _operations.Writer.TryWrite(new Operation(OperationKind.End, record, written, null));

    /// <summary>Completes when every write queued before it is done.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_operations.Writer.TryWrite(new Operation(OperationKind.Flush, null, null, done)))
        {
            return _loop.WaitAsync(cancellationToken);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _operations.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var operation in _operations.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (operation.Kind == OperationKind.Flush)
            {
                operation.Flushed!.TrySetResult();
                continue;
            }

            var record = operation.Record!;
            long? id = null;
            try
            {
                id = await WriteAsync(operation.Kind, record).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogWriteLost(record.CallId, ex);
            }

            if (operation.Kind == OperationKind.End)
            {
                _ids.Remove(record.CallId);
                try
                {
                    operation.Written!(id);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogCallbackFailed(record.CallId, ex);
                }
            }
        }
    }

    private async Task<long?> WriteAsync(OperationKind kind, HistoryRecord record)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (_ids.TryGetValue(record.CallId, out var id))
                {
                    await _store.UpdateAsync(record with { Id = id }, CancellationToken.None).ConfigureAwait(false);
                    return id;
                }

                id = await _store.InsertAsync(record, CancellationToken.None).ConfigureAwait(false);
                if (kind != OperationKind.End)
                {
                    _ids[record.CallId] = id;
                }

                return id;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && attempt < s_retryDelays.Length)
            {
                LogWriteRetry(record.CallId, attempt + 1, ex);
                await Task.Delay(s_retryDelays[attempt], _time).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "History write for call {CallId} failed (attempt {Attempt}); retrying")]
    private partial void LogWriteRetry(string callId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "History write for call {CallId} failed after every retry")]
    private partial void LogWriteLost(string callId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Completion of the history record of call {CallId} failed")]
    private partial void LogCallbackFailed(string callId, Exception exception);

    private enum OperationKind
    {
        Begin,
        Update,
        End,
        Flush,
    }

    private sealed record Operation(OperationKind Kind, HistoryRecord? Record, Action<long?>? Written, TaskCompletionSource? Flushed);
}
