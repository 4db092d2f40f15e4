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

    private SippRunner(PeerProcess process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    /// <summary>sipp's SIP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Where sipp writes its scenario and trace files.</summary>
    public string Directory { get; }

    /// <summary>
    /// Starts sipp. <paramref name="scenario"/> is a built-in name (<c>uas</c>, <c>uac</c>) or the XML of a custom scenario.
    /// <paramref name="arguments"/> come after the standard ones (e.g. the remote host for a UAC).
    /// </summary>
    public static SippRunner Start(string scenario, params string[] arguments)
    {
        var executable = PeerBinary.Require("sipp", "sip-tester");
        var directory = Path.Combine(Path.GetTempPath(), "cti-sipp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort.Udp();
        var all = new List<string>();
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
        return new SippRunner(PeerProcess.Start(executable, all, directory), directory, port);
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
