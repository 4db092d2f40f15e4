using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Dns;

/// <summary>
/// Walks the targets of a <see cref="SipLocation"/> for one request (RFC 3263 §4.3): send to <see cref="Current"/>;
/// when the transaction times out, the transport fails, or the answer is 503 Service Unavailable, call
/// <see cref="TryMoveNext"/> and send a new request (new branch, same Call-ID/CSeq policy as the caller decides) to
/// the next one. Any other final answer ends the walk. Not thread-safe: one per request.
/// </summary>
/// <example>
/// <code>
/// var targets = (await locator.LocateAsync(uri, null, ct)).ToTargetList();
/// var response = await targets.SendAsync((target, ct) => SendRegisterAsync(target, ct), r => r?.StatusCode, ct);
/// </code>
/// </example>
public sealed class SipTargetList
{
    private readonly IReadOnlyList<SipEndPoint> _targets;
    private int _index;

    public SipTargetList(IReadOnlyList<SipEndPoint> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets;
    }

    /// <summary>All targets, in order.</summary>
    public IReadOnlyList<SipEndPoint> Targets => _targets;

    /// <summary>The target to use now; null when there is none left.</summary>
    public SipEndPoint? Current => _index < _targets.Count ? _targets[_index] : null;

    /// <summary>True once every target has been tried.</summary>
    public bool IsExhausted => _index >= _targets.Count;

    /// <summary>Moves to the next target; false when there is none.</summary>
    public bool TryMoveNext()
    {
        if (_index < _targets.Count)
        {
            _index++;
        }

        return _index < _targets.Count;
    }

    /// <summary>
    /// Whether an outcome means "try the next target" (RFC 3263 §4.3): no response (timeout or transport error,
    /// <paramref name="statusCode"/> null, or the 408 a transaction layer synthesises on Timer B/F) or 503.
    /// </summary>
    public static bool ShouldFailOver(int? statusCode) => statusCode is null or 408 or 503;

    /// <summary>
    /// Runs <paramref name="attempt"/> on each target in turn until one gives an outcome that is not a failover
    /// (see <see cref="ShouldFailOver"/>), and returns it; when all targets fail over, returns the last outcome
    /// (default when there were no targets).
    /// </summary>
    /// <param name="statusOf">The final status code of an outcome, null when there was no response.</param>
    public async Task<T?> SendAsync<T>(Func<SipEndPoint, CancellationToken, Task<T>> attempt, Func<T, int?> statusOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(statusOf);
        T? last = default;
        while (Current is { } target)
        {
            cancellationToken.ThrowIfCancellationRequested();
            last = await attempt(target, cancellationToken).ConfigureAwait(false);
            if (!ShouldFailOver(statusOf(last)))
            {
                return last;
            }

            TryMoveNext();
        }

        return last;
    }
}
