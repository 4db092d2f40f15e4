using CtiConnector.Agent.Hosting;
using CtiConnector.Testing.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Agent.Tests;

public sealed class MemoryHousekeepingTests
{
    private const long Mb = 1024 * 1024;
    private static readonly MemoryHousekeepingOptions s_options = new() { CheckEvery = TimeSpan.FromMinutes(1), Threshold = 8 * Mb };

    [Fact]
    public void NothingHappensBeforeTheAgentHasAllocatedTheThreshold()
    {
        var time = new ManualTimeProvider();
        var memory = new FakeMemory { Allocated = 100 * Mb };
        using var housekeeping = new MemoryHousekeeping(s_options, () => false, memory, time, NullLogger.Instance);

        memory.Allocated += 8 * Mb - 1;
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, memory.Reclaims);
        Assert.Equal(0, housekeeping.Runs);
    }

    [Fact]
    public void MemoryIsGivenBackAtTheNextCheckOnceTheThresholdIsAllocated()
    {
        var time = new ManualTimeProvider();
        var memory = new FakeMemory { Allocated = 100 * Mb };
        using var housekeeping = new MemoryHousekeeping(s_options, () => false, memory, time, NullLogger.Instance);

        memory.Allocated += 8 * Mb;
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, memory.Reclaims);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, memory.Reclaims);
        Assert.Equal(1, housekeeping.Runs);
    }

    [Fact]
    public void TheNextRunWaitsForTheThresholdToBeAllocatedAgainCountedFromAfterTheCollection()
    {
        var time = new ManualTimeProvider();
        var memory = new FakeMemory { Allocated = 0, AllocatedByReclaim = 3 * Mb };
        using var housekeeping = new MemoryHousekeeping(s_options, () => false, memory, time, NullLogger.Instance);

        memory.Allocated += 20 * Mb;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, memory.Reclaims);

        // 20 MB at once is one run, not two; and the 3 MB the collection itself allocated do not count.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, memory.Reclaims);

        memory.Allocated += 5 * Mb;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, memory.Reclaims);

        memory.Allocated += 3 * Mb;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, memory.Reclaims);
    }

    [Fact]
    public void AResidentSizeGrownByTheThresholdWithoutManagedAllocationIsGivenBackToo()
    {
        var time = new ManualTimeProvider();
        var memory = new FakeMemory { Resident = 80 * Mb, ResidentAfterReclaim = 79 * Mb };
        using var housekeeping = new MemoryHousekeeping(s_options, () => false, memory, time, NullLogger.Instance);

        // The JIT's scratch memory, kept by the C library: no managed allocation at all.
        memory.Resident = 96 * Mb;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, memory.Reclaims);

        // Counted from the size after the run (79 MB): 86 MB is not enough, 87 MB is.
        memory.Resident = 86 * Mb;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, memory.Reclaims);
        memory.Resident = 87 * Mb;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, memory.Reclaims);
    }

    [Fact]
    public void TheProcessReclaimerReadsARealisticResidentSize()
    {
        var resident = new ProcessMemoryReclaimer().ResidentBytes;

        Assert.InRange(resident, 4 * Mb, 64L * 1024 * Mb);
    }

    [Fact]
    public void NeverDuringACallButRightAfterIt()
    {
        var time = new ManualTimeProvider();
        var memory = new FakeMemory();
        var inCall = true;
        using var housekeeping = new MemoryHousekeeping(s_options, () => inCall, memory, time, NullLogger.Instance);

        memory.Allocated += 50 * Mb;
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, memory.Reclaims);

        inCall = false;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, memory.Reclaims);
    }

    [Fact]
    public void DisposedItNoLongerLooks()
    {
        var time = new ManualTimeProvider();
        var memory = new FakeMemory();
        var housekeeping = new MemoryHousekeeping(s_options, () => false, memory, time, NullLogger.Instance);
        housekeeping.Dispose();

        memory.Allocated += 50 * Mb;
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, memory.Reclaims);
        Assert.Equal(0, time.ActiveTimers);
    }

    [Fact]
    public void TheProcessReclaimerRunsAFullCollection()
    {
        var reclaimer = new ProcessMemoryReclaimer();
        var collections = GC.CollectionCount(GC.MaxGeneration);
        var (allocated, garbage) = AllocateGarbage(reclaimer);

        reclaimer.Reclaim();

        Assert.True(allocated >= 64 * 64 * 1024, $"allocated counter {allocated}");
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections, "no full collection ran");
        Assert.False(garbage.IsAlive, "the garbage survived the collection");
    }

    // Not inlined, so that no local of the caller keeps the garbage reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (long Allocated, WeakReference Garbage) AllocateGarbage(ProcessMemoryReclaimer reclaimer)
    {
        var garbage = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            garbage.Add(new byte[64 * 1024]);
        }

        return (reclaimer.AllocatedBytes, new WeakReference(garbage));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData(" False ", false)]
    public void TheSettingTurnsItOnOrOff(string? value, bool enabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(MemoryHousekeeping.SettingKey, value)]).Build();

        Assert.Equal(enabled, MemoryHousekeeping.IsEnabled(configuration));
    }

    [Fact]
    public void AValueThatIsNotABooleanIsRefusedWithTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(MemoryHousekeeping.SettingKey, "sometimes")]).Build();

        var error = Assert.Throws<AgentConfigurationException>(() => MemoryHousekeeping.IsEnabled(configuration));
        Assert.Equal("Memory:Housekeeping is 'sometimes'; write true or false.", error.Message);
    }

    private sealed class FakeMemory : IMemoryReclaimer
    {
        public long Allocated { get; set; }

        public long AllocatedByReclaim { get; init; }

        public long Resident { get; set; } = 80 * Mb;

        public long? ResidentAfterReclaim { get; init; }

        public long ResidentBytes => Resident;

        public int Reclaims { get; private set; }

        public long AllocatedBytes => Allocated;

        public (long Before, long After) Reclaim()
        {
            Reclaims++;
            Allocated += AllocatedByReclaim;
            Resident = ResidentAfterReclaim ?? Resident;
            return (10 * Mb, 4 * Mb);
        }
    }
}
