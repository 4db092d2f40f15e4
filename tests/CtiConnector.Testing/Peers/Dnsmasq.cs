using System.Globalization;
using System.Net;

namespace CtiConnector.Testing.Peers;

/// <summary>
/// A private dnsmasq (Debian <c>dnsmasq-base</c>) serving only the records a test gives it, on 127.0.0.1 on a free
/// port (UDP and TCP). It reads no configuration file, no <c>/etc/hosts</c>, no <c>/etc/resolv.conf</c> and has no
/// upstream server; <c>example.test</c> is declared local, so a name it does not know gets NXDOMAIN or NODATA
/// instead of being forwarded anywhere. Started in the foreground with its log on stderr and stopped by PID.
/// </summary>
/// <example>
/// <code>
/// await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("sip1.example.test", "127.0.0.1"),
///     Dnsmasq.Srv("_sip._udp.example.test", "sip1.example.test", 5080, priority: 0, weight: 5)]);
/// </code>
/// </example>
public sealed class Dnsmasq : IAsyncDisposable
{
    /// <summary>The only domain tests may serve.</summary>
    public const string Domain = "example.test";

    private readonly string _binary;
    private readonly string _directory;
    private IReadOnlyList<string> _records;
    private PeerProcess? _process;

    private Dnsmasq(string binary, string directory, int port, IReadOnlyList<string> records, int ttlSeconds)
    {
        _binary = binary;
        _directory = directory;
        Port = port;
        _records = records;
        TtlSeconds = ttlSeconds;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The server to give a DNS client.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The TTL of every record served (dnsmasq's <c>--local-ttl</c>).</summary>
    public int TtlSeconds { get; }

    /// <summary>What dnsmasq logged since its last start, queries included (useful in failure messages).</summary>
    public IReadOnlyList<string> Log => _process?.Lines ?? [];

    /// <summary>Starts dnsmasq with <paramref name="records"/> (options made by <see cref="Host"/>, <see cref="Srv"/>, ...); returns once it serves.</summary>
    public static async Task<Dnsmasq> StartAsync(IReadOnlyList<string> records, int ttlSeconds = 60, CancellationToken cancellationToken = default)
    {
        var binary = PeerBinary.Require("dnsmasq", "dnsmasq-base");
        var directory = Path.Combine(Path.GetTempPath(), "cti-dnsmasq-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);

        // The port is chosen free just before dnsmasq binds it: when something took it in between, dnsmasq says
        // "Address already in use" and exits, and it is started again on another (three tries).
        for (var attempt = 1; ; attempt++)
        {
            var dnsmasq = new Dnsmasq(binary, directory, FreePort.UdpAndTcp(), records, ttlSeconds);
            try
            {
                await dnsmasq.LaunchAsync(cancellationToken).ConfigureAwait(false);
                return dnsmasq;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Taken in between: another port.
            }
        }
    }

    /// <summary>An A or AAAA record (<c>--host-record</c>).</summary>
    public static string Host(string name, string address) => $"--host-record={Checked(name)},{IPAddress.Parse(address)}";

    /// <summary>An SRV record (<c>--srv-host</c>): RFC 2782 priority and weight.</summary>
    public static string Srv(string service, string target, int port, int priority, int weight) =>
        string.Create(CultureInfo.InvariantCulture, $"--srv-host={Checked(service)},{Checked(target)},{port},{priority},{weight}");

    /// <summary>A NAPTR record (<c>--naptr-record</c>) with flag "S" and an empty regexp, as RFC 3263 §4.1 uses them.</summary>
    public static string Naptr(string name, int order, int preference, string service, string replacement) =>
        string.Create(CultureInfo.InvariantCulture, $"--naptr-record={Checked(name)},{order},{preference},S,{service},,{Checked(replacement)}");

    /// <summary>A CNAME record (<c>--cname</c>): <paramref name="alias"/> points at <paramref name="target"/>.</summary>
    public static string Cname(string alias, string target) => $"--cname={Checked(alias)},{Checked(target)}";

    /// <summary>Stops dnsmasq; queries to its port then go unanswered.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.DisposeAsync().ConfigureAwait(false);
        _process = null;
    }

    /// <summary>Starts dnsmasq again on the same port, serving <paramref name="records"/> (or the same ones).</summary>
    public async Task RestartAsync(IReadOnlyList<string>? records = null, CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        _records = records ?? _records;
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "--no-daemon",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--no-poll",
            "--port=" + Port.ToString(CultureInfo.InvariantCulture),
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--local=/" + Domain + "/",
            "--local-ttl=" + TtlSeconds.ToString(CultureInfo.InvariantCulture),
            "--cache-size=0",
            "--log-facility=-",
            "--log-queries",
            "--pid-file=" + Path.Combine(_directory, "dnsmasq.pid"),
            .. _records,
        ];
        _process = PeerProcess.Start(_binary, arguments, _directory);
        // dnsmasq binds its sockets before it logs "started".
        if (!await _process.WaitForLineAsync(l => l.Contains("dnsmasq", StringComparison.Ordinal) && l.Contains(": started, version", StringComparison.Ordinal), TimeSpan.FromSeconds(20)).ConfigureAwait(false))
        {
            var log = string.Join(Environment.NewLine, _process.Lines.TakeLast(20));
            await StopAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"dnsmasq did not start on 127.0.0.1:{Port}:{Environment.NewLine}{log}");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    // Only names under example.test (RFC 2606) are served, so nothing a test does can shadow or reach a real domain.
    private static string Checked(string name) =>
        name.Equals(Domain, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase)
            ? name
            : throw new ArgumentException($"Test DNS names must be under {Domain}: '{name}'.", nameof(name));
}
