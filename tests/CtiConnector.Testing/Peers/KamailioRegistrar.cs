using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CtiConnector.Testing.Peers;

/// <summary>
/// A private Kamailio registrar on 127.0.0.1 (UDP and TCP on one free port) with digest authentication from a
/// db_text <c>subscriber</c> table of plain passwords, usrloc in memory (<c>db_mode 0</c>, one contact per AoR),
/// and a binrpc control socket in its run folder for <c>kamcmd ul.dump</c>. Each REGISTER it receives is logged
/// as a <c>CTI-REGISTER</c> line, so tests count what the registrar saw instead of timing anything.
/// Started in the foreground (<c>-DD -E</c>) and stopped by PID.
/// </summary>
public sealed class KamailioRegistrar : IAsyncDisposable
{
    private const string RegisterMarker = "CTI-REGISTER ";
    private const string OptionsMarker = "CTI-OPTIONS ";
    private readonly IReadOnlyDictionary<string, string> _users;
    private string _domain = Realm;
    private readonly string _binary;
    private PeerProcess? _process;
    private int _syncs;

    private readonly KamailioTlsOptions? _tls;

    private KamailioRegistrar(string binary, string directory, int port, IReadOnlyDictionary<string, string> users, KamailioTlsOptions? tls = null)
    {
        _binary = binary;
        Directory = directory;
        Port = port;
        _users = users;
        _tls = tls;
        TlsPort = tls is null ? 0 : FreePort.UdpAndTcp();
    }

    /// <summary>The realm of the challenges: the To domain, i.e. <c>127.0.0.1</c>.</summary>
    public const string Realm = "127.0.0.1";

    /// <summary>The run folder: configuration, db_text tables, PID file, control socket.</summary>
    public string Directory { get; }

    /// <summary>The UDP and TCP port.</summary>
    public int Port { get; }

    /// <summary>The TLS port when started with <see cref="KamailioTlsOptions"/>, else 0.</summary>
    public int TlsPort { get; }

    /// <summary>Lines Kamailio has written to stderr since the last start (useful in failure messages).</summary>
    public IReadOnlyList<string> Log => _process?.Lines ?? [];

    /// <summary>The REGISTER requests Kamailio received since it was created (all starts together).</summary>
    public IReadOnlyList<SeenRegister> Registers => [.. _seen.Concat(CurrentRegisters())];

    private readonly List<SeenRegister> _seen = [];

    /// <summary>
    /// Writes the configuration and starts Kamailio; returns once it answers OPTIONS. Its ports are chosen free just
    /// before it binds them, so when something took one in between, it starts again on others (three tries).
    /// </summary>
    /// <param name="users">User name → plain password.</param>
    /// <param name="domain">The users' domain, which is the realm of the challenges (the To or From domain), e.g.
    /// <c>example.test</c>; <see cref="Realm"/> by default.</param>
    /// <param name="tls">Also listen on TLS (<see cref="TlsPort"/>) with this certificate.</param>
    /// <param name="cancellationToken">Gives up waiting for Kamailio.</param>
    public static async Task<KamailioRegistrar> StartAsync(
        IReadOnlyDictionary<string, string> users, string domain = Realm, KamailioTlsOptions? tls = null, CancellationToken cancellationToken = default)
    {
        var binary = PeerBinary.Require("kamailio", "kamailio");
        PeerBinary.Require("kamcmd", "kamailio");
        if (tls is not null && !File.Exists("/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so"))
        {
            throw new InvalidOperationException("Kamailio's tls module is missing: install the kamailio-tls-modules package (scripts/install-test-peers.sh).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "cti-kamailio-" + Guid.NewGuid().ToString("N")[..12]);
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "db"));
            var registrar = new KamailioRegistrar(binary, directory, FreePort.UdpAndTcp(), users, tls) { _domain = domain };
            registrar.WriteFiles();
            try
            {
                await registrar.LaunchAsync(cancellationToken).ConfigureAwait(false);
                return registrar;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                await registrar.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops Kamailio (its in-memory bindings are lost, as in a real restart without a database).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _seen.AddRange(CurrentRegisters());
        await _process.DisposeAsync().ConfigureAwait(false);
        _process = null;
    }

    /// <summary>Starts Kamailio again on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure every line Kamailio logged for requests it answered before now has been read: sends an OPTIONS with a
    /// unique Call-ID and waits for its log line (one pipe, so earlier lines came first).
    /// </summary>
    public async Task SyncAsync()
    {
        var callId = "sync-" + Interlocked.Increment(ref _syncs).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        if (!await ProbeAsync(callId, TimeSpan.FromSeconds(10)).ConfigureAwait(false)
            || !await _process!.WaitForLineAsync(l => l.Contains(OptionsMarker + "ci=" + callId, StringComparison.Ordinal), TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            throw new InvalidOperationException("Kamailio did not answer the sync OPTIONS." + Environment.NewLine + string.Join(Environment.NewLine, Log.TakeLast(30)));
        }
    }

    /// <summary>Runs <c>kamcmd ul.dump</c> over the control socket and returns its output.</summary>
    public async Task<string> DumpLocationsAsync()
    {
        var kamcmd = PeerBinary.Require("kamcmd", "kamailio");
        await using var process = PeerProcess.Start(kamcmd, ["-s", "unix:" + Path.Combine(Directory, "ctl.sock"), "ul.dump"]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"kamcmd ul.dump failed ({exit?.ToString(CultureInfo.InvariantCulture) ?? "timeout"}): {string.Join(Environment.NewLine, process.Lines)}");
        }

        // The output lines arrive asynchronously after exit; wait for the closing brace of the dump.
        await process.WaitForLineAsync(l => l == "}", TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return string.Join('\n', process.Lines);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private IEnumerable<SeenRegister> CurrentRegisters() =>
        (_process?.Lines ?? []).Select(SeenRegister.TryParse).OfType<SeenRegister>();

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _process = PeerProcess.Start(_binary, ["-f", Path.Combine(Directory, "kamailio.cfg"), "-DD", "-E", "-Y", Directory, "-P", Path.Combine(Directory, "kamailio.pid"), "-m", "32", "-M", "8"], Directory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                break;
            }

            if (await ProbeAsync("ready-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMilliseconds(300)).ConfigureAwait(false))
            {
                return;
            }
        }

        var log = string.Join(Environment.NewLine, _process.Lines.TakeLast(40));
        await StopAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"Kamailio did not start on 127.0.0.1:{Port}:{Environment.NewLine}{log}");
    }

    /// <summary>One OPTIONS over UDP from a throw-away socket; true when a 200 came back in time.</summary>
    private async Task<bool> ProbeAsync(string callId, TimeSpan patience)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.Client.LocalEndPoint!;
        var text =
            $"OPTIONS sip:{Realm}:{Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:probe@127.0.0.1:{local.Port}>;tag=probe\r\n" +
            $"To: <sip:{Realm}:{Port}>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), new IPEndPoint(IPAddress.Loopback, Port)).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(patience);
        try
        {
            var result = await socket.ReceiveAsync(cts.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(result.Buffer).StartsWith("SIP/2.0 200", StringComparison.Ordinal);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false; // ICMP port unreachable: not listening yet
        }
    }

    private void WriteFiles()
    {
        var db = Path.Combine(Directory, "db");
        File.WriteAllText(Path.Combine(db, "version"), "table_name(string) table_version(int)\nsubscriber:7\n");
        var subscribers = new StringBuilder("id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null)\n");
        var id = 1;
        foreach (var (user, password) in _users)
        {
            subscribers.Append(CultureInfo.InvariantCulture, $"{id++}:{user}:{_domain}:{password}::\n");
        }

        File.WriteAllText(Path.Combine(db, "subscriber"), subscribers.ToString());
        File.WriteAllText(Path.Combine(Directory, "kamailio.cfg"), KamailioConfig.Registrar(Port, Directory, _tls, TlsPort));
    }

    /// <summary>One REGISTER as Kamailio logged it.</summary>
    public sealed record SeenRegister(string CallId, string CSeq, string Expires, string Protocol)
    {
        internal static SeenRegister? TryParse(string line)
        {
            var at = line.IndexOf(RegisterMarker, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var fields = line[(at + RegisterMarker.Length)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            return new SeenRegister(
                fields.GetValueOrDefault("ci", string.Empty),
                fields.GetValueOrDefault("cseq", string.Empty),
                fields.GetValueOrDefault("expires", string.Empty),
                fields.GetValueOrDefault("proto", string.Empty));
        }
    }
}
