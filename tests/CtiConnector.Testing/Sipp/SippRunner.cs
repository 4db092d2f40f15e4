using System.Globalization;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Testing.Sipp;

/// <summary>
/// Runs sipp (Debian <c>sip-tester</c>) on 127.0.0.1 alongside a test: a built-in or custom scenario on its own free
/// port, its message trace kept for failure messages, stopped by PID when disposed. A missing sipp fails the test.
/// (<see cref="Peers.Sipp"/> runs a client scenario to completion in one call; this one runs in the background.)
/// </summary>
public sealed class SippRunner : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly List<PeerProcess> _failedStarts;

    private SippRunner(PeerProcess process, string directory, int port, List<PeerProcess> failedStarts)
    {
        _process = process;
        Directory = directory;
        Port = port;
        _failedStarts = failedStarts;
    }

    /// <summary>sipp's SIP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Where sipp writes its scenario and trace files.</summary>
    public string Directory { get; }

    /// <summary>
    /// Starts sipp. <paramref name="scenario"/> is a built-in name (<c>uac</c>; <c>uas</c> is our <c>uas-answer.xml</c>,
    /// the built-in callee made tolerant of a repeated ACK) or the XML of a custom scenario.
    /// <paramref name="arguments"/> come after the standard ones (e.g. the remote host for a UAC). Returns once sipp
    /// holds its SIP port; its port is chosen free just before sipp binds it, so when something took it in between,
    /// sipp is started again on another (three tries).
    /// </summary>
    public static SippRunner Start(string scenario, params string[] arguments)
    {
        var executable = PeerBinary.Require("sipp", "sip-tester");
        var directory = Path.Combine(Path.GetTempPath(), "cti-sipp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var failedStarts = new List<PeerProcess>();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Udp();
            var process = PeerProcess.Start(executable, Arguments(directory, scenario, port, arguments), directory);
            // sipp exits with 254 when it cannot bind a socket ("Address already in use").
            if (WaitUntilBound(process, port) || attempt == 3 || process.ExitCode != 254)
            {
                return new SippRunner(process, directory, port, failedStarts);
            }

            failedStarts.Add(process);
        }
    }

    private static List<string> Arguments(string directory, string scenario, int port, string[] arguments)
    {
        var all = new List<string>();
        if (scenario == "uas")
        {
            // sipp's built-in callee ends the call on an ACK of ours repeated after its 200 crossed the first one (a
            // loaded machine); ours is the same callee that accepts it.
            scenario = SippScenarios.Load("uas-answer.xml");
        }

        if (scenario.TrimStart().StartsWith('<'))
        {
            var file = Path.Combine(directory, "scenario.xml");
            File.WriteAllText(file, scenario);
            all.AddRange(["-sf", file]);
        }
        else
        {
            all.AddRange(["-sn", scenario]);
        }

        all.AddRange([
            "-i", "127.0.0.1",
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-nostdin",
            "-trace_msg", "-message_file", Path.Combine(directory, "messages.log"),
            "-timeout", "60s", "-timeout_error",
        ]);
        all.AddRange(arguments);
        return all;
    }

    /// <summary>
    /// True once <paramref name="process"/> holds UDP 127.0.0.1:<paramref name="port"/> (its socket is listed in
    /// <c>/proc/net/udp</c> and open in the process), false when it exited first (or after 30 s, left to the test).
    /// </summary>
    private static bool WaitUntilBound(PeerProcess process, int port)
    {
        var local = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                var inode = File.ReadLines("/proc/net/udp")
                    .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .FirstOrDefault(f => f.Length > 9 && f[1] == local)?[9];
                if (inode is not null
                    && new DirectoryInfo($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/fd").EnumerateFileSystemInfos()
                        .Any(fd => fd.LinkTarget == $"socket:[{inode}]"))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process went away while its descriptors were read: the next turn sees it exited.
            }
            catch (UnauthorizedAccessException)
            {
                return true; // Cannot look: leave it to the test, as before.
            }

            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>The SIP URI of a user at this sipp.</summary>
    public string Uri(string user = "service") => $"sip:{user}@127.0.0.1:{Port}";

    /// <summary>Waits for sipp to exit and returns its exit code (0 = every call succeeded).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout) =>
        await _process.WaitForExitAsync(timeout).ConfigureAwait(false)
        ?? throw new TimeoutException($"sipp did not finish within {timeout}.\n{Describe()}");

    /// <summary>The messages sipp sent and received, for assertions and failure messages.</summary>
    public string Messages
    {
        get
        {
            var file = Path.Combine(Directory, "messages.log");
            try
            {
                return File.Exists(file) ? File.ReadAllText(file) : string.Empty;
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }
    }

    public string Describe() => "sipp output:\n" + string.Join('\n', _process.Lines) + "\nmessages:\n" + Messages;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        foreach (var failed in _failedStarts)
        {
            await failed.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
