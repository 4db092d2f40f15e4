using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace CtiConnector.Agent.Hosting;

/// <summary>
/// The process's own memory: a full, blocking, compacting collection in the GC's aggressive mode (which also returns the
/// freed regions to the system instead of keeping them for later), then, on Linux with glibc, <c>malloc_trim(0)</c>, which
/// returns the free pages of every malloc arena (OpenSSL's, SQLite's and the runtime's own allocations live there).
/// </summary>
internal sealed partial class ProcessMemoryReclaimer : IMemoryReclaimer
{
    private bool _noTrim = !OperatingSystem.IsLinux();

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false);

    /// <summary>On Linux the second field of <c>/proc/self/statm</c> (resident pages); elsewhere the working set.</summary>
    public long ResidentBytes
    {
        get
        {
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    var fields = File.ReadAllText("/proc/self/statm").Split(' ');
                    if (fields.Length > 1 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var pages))
                    {
                        return pages * Environment.SystemPageSize;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // No /proc (a sandbox): the working set below.
                }
            }

            return Environment.WorkingSet;
        }
    }

    public (long Before, long After) Reclaim()
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!_noTrim)
        {
            try
            {
                _ = NativeMethods.MallocTrim(0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): the managed part is still returned.
                _noTrim = true;
            }
        }

        return (before, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static class NativeMethods
    {
        /// <summary>glibc: returns the free memory at the top of each arena and the free whole pages inside them.</summary>
        [DllImport("libc", EntryPoint = "malloc_trim")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int MallocTrim(nuint pad);
    }
}
