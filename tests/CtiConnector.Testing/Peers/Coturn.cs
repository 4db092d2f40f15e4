using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace CtiConnector.Testing.Peers;

/// <summary>
/// A private STUN server: Debian's <c>coturn</c> (<c>turnserver</c>) in STUN-only mode on 127.0.0.1 on a free UDP port,
/// without TLS/DTLS, CLI or configuration file, its database in a temporary folder. Started in the foreground and
/// stopped by PID. Ready once it has answered a Binding request (it logs no line when its listener opens).
/// </summary>
public sealed class Coturn : IAsyncDisposable
{
    private readonly string _directory;
    private readonly PeerProcess _process;

    private Coturn(string directory, int port, PeerProcess process)
    {
        _directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public IReadOnlyList<string> Log => _process.Lines;

    public static async Task<Coturn> StartAsync(CancellationToken cancellationToken = default)
    {
        var binary = PeerBinary.Require("turnserver", "coturn");
        var directory = Path.Combine(Path.GetTempPath(), "cti-coturn-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);

        // The port is chosen free just before coturn binds it: when something took it in between, coturn logs
        // errno=98 (address in use) and keeps trying without answering, so it is started again on another (three tries).
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.UdpAndTcp();
            string[] arguments =
            [
                "-n",
                "--stun-only",
                "--listening-ip=127.0.0.1",
                "--listening-port=" + port.ToString(CultureInfo.InvariantCulture),
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--simple-log",
                "--log-file=stdout",
                "--userdb=" + Path.Combine(directory, "turndb"),
                "--pidfile=" + Path.Combine(directory, "turnserver.pid"),
            ];
            var coturn = new Coturn(directory, port, PeerProcess.Start(binary, arguments, directory));
            if (await coturn.AnswersAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            {
                return coturn;
            }

            var log = string.Join(Environment.NewLine, coturn.Log.TakeLast(20));
            var taken = coturn.Log.Any(l => l.Contains("errno=98", StringComparison.Ordinal));
            if (!taken || attempt == 3)
            {
                await coturn.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"coturn did not answer STUN on 127.0.0.1:{port}:{Environment.NewLine}{log}");
            }

            await coturn._process.DisposeAsync().ConfigureAwait(false); // the folder is kept for the next try
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>Sends bare Binding requests (RFC 5389 §6 header only) until one is answered or the time is up.</summary>
    private async Task<bool> AnswersAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(request.AsSpan(8));
        var buffer = new byte[1500];
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(patience);
        while (!overall.IsCancellationRequested && !_process.HasExited)
        {
            await socket.SendToAsync(request, SocketFlags.None, EndPoint, overall.Token).ConfigureAwait(false);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, attempt.Token).ConfigureAwait(false);
                if (received >= 20 && buffer.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12)))
                {
                    return true;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not listening yet: ask again.
            }
            catch (SocketException)
            {
                // Port unreachable while it starts: ask again a little later.
                await Task.Delay(100, overall.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return false;
    }
}
