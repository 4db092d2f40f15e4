using System.Diagnostics;
using CtiConnector.Agent.Hosting;

namespace CtiConnector.Agent.Cli;

/// <summary>
/// Starts <c>cti agent</c> in the background for a data directory when none runs there (a <c>tel:</c> link clicked
/// before the agent was started), and waits until its <c>agent.json</c> says it is ready.
/// </summary>
internal static class AgentLauncher
{
    /// <summary>The installed executable beside this assembly (<c>cti</c> or <c>cti.exe</c>), else this process.</summary>
    public static string Executable
    {
        get
        {
            var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "cti.exe" : "cti");
            return File.Exists(apphost) ? apphost : Environment.ProcessPath ?? apphost;
        }
    }

    /// <summary>True when an agent answered already or was started and became ready within <paramref name="patience"/>.</summary>
    public static async Task<bool> EnsureRunningAsync(string dataDirectory, TimeSpan patience, CancellationToken cancellationToken)
    {
        if (IsRunning(dataDirectory))
        {
            return true;
        }

        Start(dataDirectory);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            if (IsRunning(dataDirectory))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    private static bool IsRunning(string dataDirectory)
    {
        var info = AgentInfo.TryRead(dataDirectory);
        if (info is null)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(info.Pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Start(string dataDirectory)
    {
        ProcessStartInfo start;
        if (OperatingSystem.IsWindows())
        {
            start = new ProcessStartInfo(Executable) { UseShellExecute = false, CreateNoWindow = true };
            start.ArgumentList.Add("--data-dir");
            start.ArgumentList.Add(dataDirectory);
            start.ArgumentList.Add("agent");
        }
        else
        {
            // Detached from this short-lived command: no terminal, output to the agent's own log file only.
            start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (var argument in (string[])["-c", "exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1", Executable, "--data-dir", dataDirectory, "agent"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start);
    }
}
