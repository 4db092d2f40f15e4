namespace CtiConnector.Sip.Stun;

/// <summary>What a STUN outcome changed in a <see cref="StunServerBackoff"/>.</summary>
public enum StunServerChange
{
    /// <summary>It answered, as it did before.</summary>
    None,

    /// <summary>It failed after answering (or on the first query): the one failure worth a warning.</summary>
    WentDown,

    /// <summary>It failed again after a back-off: already reported.</summary>
    StillDown,

    /// <summary>It answered after failing.</summary>
    CameBack,
}

/// <summary>
/// Remembers that a STUN server failed (no answer, an error), so that for <see cref="HoldOff"/> afterwards the queries
/// that would wait for it again are skipped and calls go on at once with the local address. Each failure starts a
/// new hold-off; the first query after it asks again. Thread-safe; time comes from the injected clock.
/// <example>
/// <code>
/// if (!backoff.IsHoldingOff(out _))
/// {
///     var result = await stun.QueryAsync(server, ct);
///     if (backoff.Record(result) == StunServerChange.WentDown) { /* log once */ }
/// }
/// </code>
/// </example>
/// </summary>
public sealed class StunServerBackoff
{
    /// <summary>The default hold-off after a failure: one minute.</summary>
    public static readonly TimeSpan DefaultHoldOff = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DateTimeOffset _askAgainAt = DateTimeOffset.MinValue;
    private string? _lastFailure;

    public StunServerBackoff(TimeSpan holdOff, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(holdOff, TimeSpan.Zero);
        HoldOff = holdOff;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>How long a failure keeps the server from being asked again.</summary>
    public TimeSpan HoldOff { get; }

    /// <summary>True while a recent failure says not to ask; <paramref name="lastFailure"/> is its reason.</summary>
    public bool IsHoldingOff(out string? lastFailure)
    {
        lock (_gate)
        {
            lastFailure = _lastFailure;
            return _lastFailure is not null && _time.GetUtcNow() < _askAgainAt;
        }
    }

    /// <summary>Records the outcome of a query and says what it changed.</summary>
    public StunServerChange Record(StunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var wasDown = _lastFailure is not null;
            if (result.Succeeded)
            {
                _lastFailure = null;
                return wasDown ? StunServerChange.CameBack : StunServerChange.None;
            }

            _lastFailure = result.Failure ?? "no address";
            _askAgainAt = _time.GetUtcNow() + HoldOff;
            return wasDown ? StunServerChange.StillDown : StunServerChange.WentDown;
        }
    }
}
