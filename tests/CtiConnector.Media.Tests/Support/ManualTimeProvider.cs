namespace CtiConnector.Media.Tests.Support;

/// <summary>A clock the test moves by hand; timers fire during <see cref="Advance"/>.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;
    private DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public int TimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _start.AddTicks(_ticks);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward in steps of at most <paramref name="step"/>, firing due timers at each step.</summary>
    public void Advance(TimeSpan by, TimeSpan? step = null)
    {
        var remaining = by;
        var stride = step ?? by;
        while (remaining > TimeSpan.Zero)
        {
            var move = remaining < stride ? remaining : stride;
            remaining -= move;
            List<ManualTimer> due;
            lock (_lock)
            {
                _ticks += move.Ticks;
                due = _timers.Where(t => t.Due is { } d && d <= _ticks).ToList();
            }

            foreach (var timer in due)
            {
                timer.Fire(GetTimestamp());
            }
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + dueTime.Ticks;
                _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Fire(long now)
        {
            lock (owner._lock)
            {
                if (Due is not { } due || due > now)
                {
                    return;
                }

                // One callback per step is enough for these tests; periodic timers move past now.
                Due = _period > 0 ? due + (((now - due) / _period) + 1) * _period : null;
            }

            callback(state);
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
