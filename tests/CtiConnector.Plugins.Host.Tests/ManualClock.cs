namespace CtiConnector.Plugins.Host.Tests;

/// <summary>A clock that stands still until moved; timers (budgets) still run on real time.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
