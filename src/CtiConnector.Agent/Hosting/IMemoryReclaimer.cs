namespace CtiConnector.Agent.Hosting;

/// <summary>What <see cref="MemoryHousekeeping"/> reads and does: the process's real one is <see cref="ProcessMemoryReclaimer"/>.</summary>
internal interface IMemoryReclaimer
{
    /// <summary>Bytes allocated on the managed heap since the process started (a counter that only grows).</summary>
    long AllocatedBytes { get; }

    /// <summary>The process's resident size, in bytes.</summary>
    long ResidentBytes { get; }

    /// <summary>Gives unused memory back to the system; returns the managed heap's size before and after, in bytes.</summary>
    (long Before, long After) Reclaim();
}
