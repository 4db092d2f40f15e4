using System.Globalization;

namespace CtiConnector.Testing.Peers;

/// <summary>
/// Runs <c>sipp</c> (Debian <c>sip-tester</c>) with a scenario on 127.0.0.1 and waits for it to finish. Exit code 0
/// means every call of the scenario succeeded. The scenario file is written by the test into a private folder.
/// </summary>
public sealed class Sipp : IAsyncDisposable
{
    private Sipp(string directory)
    {
        Directory = directory;
    }

    /// <summary>The private folder holding the scenario and sipp's error and message traces.</summary>
    public string Directory { get; }

    public static Sipp Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cti-sipp-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        return new Sipp(directory);
    }

    /// <summary>
    /// Runs a client scenario against <paramref name="remotePort"/> on 127.0.0.1 for <paramref name="calls"/> calls and
    /// returns sipp's exit code with its output and error trace (for failure messages).
    /// </summary>
    /// <param name="scenarioXml">The scenario text.</param>
    /// <param name="remotePort">Where the system under test listens.</param>
    /// <param name="calls">How many calls (<c>-m</c>).</param>
    /// <param name="tcp">Use TCP (<c>-t t1</c>) instead of UDP.</param>
    public async Task<SippResult> RunClientAsync(string scenarioXml, int remotePort, int calls, bool tcp = false)
    {
        var sipp = PeerBinary.Require("sipp", "sip-tester");
        var scenario = Path.Combine(Directory, "scenario.xml");
        await File.WriteAllTextAsync(scenario, scenarioXml).ConfigureAwait(false);
        // The local port is chosen free just before sipp binds it: when something took it in between, sipp exits with
        // 254 ("Address already in use") before sending anything, and it is run again on another (three tries).
        for (var attempt = 1; ; attempt++)
        {
            var localPort = tcp ? FreePort.UdpAndTcp() : FreePort.Udp();
            var arguments = new List<string>
            {
                "127.0.0.1:" + remotePort.ToString(CultureInfo.InvariantCulture),
                "-sf", scenario,
                "-i", "127.0.0.1",
                "-p", localPort.ToString(CultureInfo.InvariantCulture),
                "-m", calls.ToString(CultureInfo.InvariantCulture),
                "-timeout", "30s",
                "-nostdin",
                "-trace_err", "-error_file", Path.Combine(Directory, "errors.log"),
                "-trace_msg", "-message_file", Path.Combine(Directory, "messages.log"),
            };
            if (tcp)
            {
                arguments.AddRange(["-t", "t1"]);
            }

            await using var process = PeerProcess.Start(sipp, arguments, Directory);
            var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (exit is null)
            {
                await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }

            if (exit == 254 && attempt < 3)
            {
                continue;
            }

            return new SippResult(exit, string.Join('\n', process.Lines), ReadIfExists("errors.log"), ReadIfExists("messages.log"));
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private string ReadIfExists(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
