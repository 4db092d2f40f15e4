using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Hosting;

/// <summary>When <see cref="MemoryHousekeeping"/> looks and how much the agent must have allocated, or grown, before it acts.</summary>
internal sealed record MemoryHousekeepingOptions
{
    /// <summary>How often the agent looks (two counters: bytes allocated, resident size; nothing else when below the threshold).</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Bytes allocated on the managed heap since the last housekeeping, or bytes the resident size grew by since then,
    /// before the next one runs. 2 MB: an idle, registered agent allocates about 4 MB an hour (keep-alives, registration
    /// refreshes), which the GC would otherwise keep as garbage for hours; a collection of a heap this small costs a few
    /// milliseconds (BENCHMARKS.md, "The NativeAOT build").
    /// </summary>
    public long Threshold { get; init; } = 2L * 1024 * 1024;
}

/// <summary>
/// Gives memory back to the system while the agent has no call: every <see cref="MemoryHousekeepingOptions.CheckEvery"/>,
/// when no call is up and, since the last time, the agent has allocated at least <see cref="MemoryHousekeepingOptions.Threshold"/>
/// on the managed heap or its resident size has grown by as much, one full compacting collection that returns the freed
/// regions, then the C library's free pages.
/// </summary>
/// <remarks>
/// Why: the workstation GC sizes its young generation from the processor's last-level cache (up to tens of MB on a
/// server processor) and only collects once that much was allocated, so an idle or API-polled agent grows by that much
/// in garbage before anything is taken back. And the JIT's scratch memory for a method compiled again at a higher tier
/// (over 10 MB for some vectorised library methods) is freed to the C library's arena of the background thread, which
/// keeps it unless it is at the arena's top: an idle agent's resident size stepped up by 16 MB that way after 42 minutes.
/// A desktop agent allocates little between calls: one collection a minute at most, on a heap of a few MB, costs
/// milliseconds and keeps the resident size where the live data is. It never runs during a call (no pause in the audio)
/// and never more often than the growth justifies. See BENCHMARKS.md, "An hour idle and registered".
/// </remarks>
internal sealed partial class MemoryHousekeeping : IDisposable
{
    private readonly MemoryHousekeepingOptions _options;
    private readonly Func<bool> _busy;
    private readonly IMemoryReclaimer _reclaimer;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _allocatedAtLast;
    private long _residentAtLast;
    private int _runs;

    public MemoryHousekeeping(MemoryHousekeepingOptions options, Func<bool> busy, IMemoryReclaimer reclaimer, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CheckEvery, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threshold);
        _options = options;
        _busy = busy;
        _reclaimer = reclaimer;
        _logger = logger;
        _allocatedAtLast = reclaimer.AllocatedBytes;
        _residentAtLast = reclaimer.ResidentBytes;
        _timer = time.CreateTimer(_ => Check(), null, options.CheckEvery, options.CheckEvery);
    }

    /// <summary>The setting that turns it off (<c>Memory:Housekeeping=false</c>; on by default).</summary>
    public const string SettingKey = "Memory:Housekeeping";

    /// <summary>Whether the configuration leaves it on; anything but <c>true</c> or <c>false</c> is refused with the reason.</summary>
    /// <exception cref="AgentConfigurationException">The value is neither <c>true</c> nor <c>false</c>.</exception>
    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[SettingKey]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        return bool.TryParse(value, out var enabled)
            ? enabled
            : throw new AgentConfigurationException($"{SettingKey} is '{value}'; write true or false.");
    }

    /// <summary>How many times memory was given back.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>One look: gives memory back when no call is up and enough was allocated, or the resident size grew enough, since the last time.</summary>
    /// <returns>Whether it did.</returns>
    internal bool Check()
    {
        lock (_gate)
        {
            var allocated = _reclaimer.AllocatedBytes;
            var resident = _reclaimer.ResidentBytes;
            if ((allocated - _allocatedAtLast < _options.Threshold && resident - _residentAtLast < _options.Threshold) || _busy())
            {
                return false;
            }

            var (before, after) = _reclaimer.Reclaim();
            _residentAtLast = _reclaimer.ResidentBytes;
            LogReclaimed(_logger, (allocated - _allocatedAtLast) / 1024, before / 1024, after / 1024, resident / 1024, _residentAtLast / 1024);

            // Counted after the collection, so what it allocated itself is not held against the next run.
            _allocatedAtLast = _reclaimer.AllocatedBytes;
            Interlocked.Increment(ref _runs);
            return true;
        }
    }

    public void Dispose() => _timer.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory housekeeping: {AllocatedKb} kB allocated since the last; managed heap {BeforeKb} kB -> {AfterKb} kB, resident {ResidentKb} kB -> {ResidentAfterKb} kB")]
    private static partial void LogReclaimed(ILogger logger, long allocatedKb, long beforeKb, long afterKb, long residentKb, long residentAfterKb);
}
