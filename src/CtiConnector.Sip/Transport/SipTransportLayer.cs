using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;
using CtiConnector.Sip.Stun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Sip.Transport;

/// <summary>
/// UDP, TCP and TLS over real sockets (RFC 3261 §18). Received bytes are parsed and validated here:
/// a malformed request that can be answered gets its 4xx from here, garbage is dropped, and only valid
/// messages reach the sink, with <c>received</c>/<c>rport</c> filled in (§18.2.1, RFC 3581).
/// </summary>
public sealed partial class SipTransportLayer : ISipTransport, IKeepAliveTransport, IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly TlsCertificateCheck _certificateCheck;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(TransportKind, IPEndPoint), StreamConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private Socket? _udp;
    private TcpListener? _tcp;
    private TcpListener? _tls;
    private ISipMessageSink? _sink;
    private ITimer? _idleSweep;

    public SipTransportLayer(SipTransportOptions options, ILogger<SipTransportLayer>? logger = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger<SipTransportLayer>.Instance;
        _time = time ?? TimeProvider.System;
        _certificateCheck = new TlsCertificateCheck(options.TlsCaCertificates);
        Stun = new StunClient(SendStunAsync, time: _time);
    }

    /// <summary>
    /// STUN Binding requests from the SIP UDP socket itself (RFC 5389), to learn its public address and port; STUN
    /// answers are told apart from SIP by their first bytes (RFC 5626 §4.4.2 multiplexes them the same way).
    /// </summary>
    public StunClient Stun { get; }

    /// <inheritdoc/>
    public event Action<SipEndPoint>? PongReceived;

    /// <summary>The UDP (and TCP) port actually bound.</summary>
    public int Port { get; private set; }

    public int TlsPort { get; private set; }

    /// <summary>Messages dropped as malformed since start (a scanner or a broken peer shows here).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    private long _dropped;

    public void SetSink(ISipMessageSink sink) => _sink = sink ?? throw new ArgumentNullException(nameof(sink));

    /// <summary>Binds the sockets. Throws <see cref="SocketException"/> with a clear message when the port is taken.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var attempts = _options.Port == 0 ? 10 : 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                BindUdpAndTcp(_options.Port);
                break;
            }
            catch (SocketException) when (attempt < attempts)
            {
                _udp?.Dispose();
                _tcp?.Stop();
            }
        }

        _loops.Add(Task.Run(UdpLoopAsync, CancellationToken.None));
        if (_tcp is not null)
        {
            _loops.Add(Task.Run(() => AcceptLoopAsync(_tcp, TransportKind.Tcp), CancellationToken.None));
        }

        if (_options.TlsCertificate is not null)
        {
            _tls = new TcpListener(_options.Address, _options.TlsPort);
            _tls.Start();
            TlsPort = ((IPEndPoint)_tls.LocalEndpoint).Port;
            _loops.Add(Task.Run(() => AcceptLoopAsync(_tls, TransportKind.Tls), CancellationToken.None));
        }

        _idleSweep = _time.CreateTimer(_ => SweepIdleConnections(), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
        LogListening(_options.Address, Port, _tcp is not null, TlsPort);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Our address for a transport. Without a certificate there is no TLS listener, yet TLS still works over the
    /// connections we open (RFC 5923 connection reuse, as every TLS client of a provider does): the SIP port is then the
    /// sent-by of our Vias and the port of our <c>sips:</c> Contact, and the server reaches us over our connection.
    /// </summary>
    public SipEndPoint? GetLocalEndPoint(TransportKind transport) => transport switch
    {
        TransportKind.Udp when _udp is not null => new SipEndPoint(transport, new IPEndPoint(_options.Address, Port)),
        TransportKind.Tcp when _tcp is not null => new SipEndPoint(transport, new IPEndPoint(_options.Address, Port)),
        TransportKind.Tls when _tls is not null => new SipEndPoint(transport, new IPEndPoint(_options.Address, TlsPort)),
        TransportKind.Tls when _udp is not null => new SipEndPoint(transport, new IPEndPoint(_options.Address, Port)),
        _ => null,
    };

    public async ValueTask SendRequestAsync(SipRequest request, SipEndPoint destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // RFC 3261 §26.2.2: a sips: Request-URI travels over TLS on every hop; never downgrade it.
        if (request.RequestUri is { IsSecure: true } secure && destination.Transport != TransportKind.Tls)
        {
            throw new SipTransportException($"{secure} is a sips: address: it must be reached over TLS, not {destination.TransportName}.");
        }

        await SendBytesAsync(request.ToBytes(), destination, TlsHostOf(request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The name a TLS server must prove (RFC 5922 §4, RFC 3263 §4: the domain of the URI that was resolved, never the
    /// SRV target): the host of the first loose Route when there is one (RFC 3261 §16.12.1.1), else the Request-URI's.
    /// </summary>
    internal static string? TlsHostOf(SipRequest request)
    {
        var routes = request.Headers.GetValues(HeaderId.Route);
        if (routes.Count > 0 && NameAddress.TryParse(routes[0], out var route) && route.Uri.Parameters.Contains("lr"))
        {
            return route.Uri.Host;
        }

        return request.RequestUri?.Host;
    }

    public async ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var via = response.TopVia ?? throw new SipTransportException("The response has no Via to route it by.");
        var bytes = response.ToBytes();
        var transport = via.Transport switch
        {
            "TCP" => TransportKind.Tcp,
            "TLS" => TransportKind.Tls,
            _ => TransportKind.Udp,
        };

        // RFC 3261 §18.2.2: reliable transports answer over the request's connection when it still exists.
        if (transport != TransportKind.Udp && response.Source is { } source
            && _connections.TryGetValue((source.Transport, source.EndPoint), out var connection) && !connection.IsClosed)
        {
            await connection.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
            return;
        }

        var host = via.Received ?? via.Host;
        if (!IPAddress.TryParse(host, out var address))
        {
            throw new SipTransportException($"Cannot route a response to the host name '{host}' without DNS.");
        }

        // RFC 3581 §4: send to the rport when the request asked for it.
        var port = via.RPort ?? via.Port ?? (transport == TransportKind.Tls ? 5061 : 5060);
        await SendBytesAsync(bytes, new SipEndPoint(transport, new IPEndPoint(address, port)), null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _idleSweep?.Dispose();
        _udp?.Dispose();
        _tcp?.Stop();
        _tls?.Stop();
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
        try
        {
            Task[] loops;
            lock (_loops)
            {
                loops = [.. _loops];
            }

            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Loops end with their sockets; a stuck one must not block shutdown.
        }

        _stopping.Dispose();
    }

    /// <summary>Sends the CRLF CRLF keep-alive (RFC 5626 §3.5.1) over a stream connection, or a CRLF CRLF datagram for UDP.</summary>
    public async ValueTask SendKeepAliveAsync(SipEndPoint destination, CancellationToken cancellationToken)
    {
        await SendBytesAsync("\r\n\r\n"u8.ToArray(), destination, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask CloseFlowAsync(SipEndPoint destination)
    {
        if (_connections.TryRemove((destination.Transport, destination.EndPoint), out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SendStunAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
    {
        var udp = _udp ?? throw new SocketException((int)SocketError.NotConnected);
        await udp.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
    }

    private void BindUdpAndTcp(int port)
    {
        var udp = new Socket(_options.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.Bind(new IPEndPoint(_options.Address, port));
        }
        catch (SocketException ex)
        {
            udp.Dispose();
            throw new SocketException((int)ex.SocketErrorCode, $"SIP UDP port {_options.Address}:{port} is not available: {ex.Message}");
        }

        var bound = ((IPEndPoint)udp.LocalEndPoint!).Port;
        TcpListener? tcp = null;
        if (_options.EnableTcp)
        {
            tcp = new TcpListener(_options.Address, bound);
            try
            {
                tcp.Start();
            }
            catch (SocketException ex)
            {
                udp.Dispose();
                throw new SocketException((int)ex.SocketErrorCode, $"SIP TCP port {_options.Address}:{bound} is not available: {ex.Message}");
            }
        }

        _udp = udp;
        _tcp = tcp;
        Port = bound;
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(_options.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _udp!.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused
                or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.MessageSize)
            {
                // An ICMP error about an earlier send (reported as reset on Windows, refused or unreachable elsewhere),
                // or an oversized datagram: neither concerns the listening socket, so keep listening.
                continue;
            }

            var remote = (IPEndPoint)result.RemoteEndPoint;
            var data = buffer.AsSpan(0, result.ReceivedBytes);
            if (SipMessageParser.CountKeepAliveBytes(data) == data.Length || Stun.OnDatagram(data, remote))
            {
                continue;
            }

            Process(data.ToArray(), new SipEndPoint(TransportKind.Udp, remote), isStream: false);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, TransportKind kind)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                socket.Dispose();
                continue;
            }

            _ = Task.Run(() => ServeAcceptedAsync(socket, kind));
        }
    }

    private async Task ServeAcceptedAsync(Socket socket, TransportKind kind)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (kind == TransportKind.Tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _options.TlsCertificate, EnabledSslProtocols = SslProtocols.None },
                    handshake.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
            {
                LogTlsHandshakeFailed(remote, ex.Message);
                await ssl.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = ssl;
        }

        var connection = new StreamConnection(stream, kind, remote, _time);
        _connections[(kind, remote)] = connection;
        await RunConnectionAsync(connection).ConfigureAwait(false);
    }

    private async Task RunConnectionAsync(StreamConnection connection)
    {
        var reason = await connection.ReadLoopAsync(
            _options.MaxMessageSize,
            bytes => Process(bytes, connection.RemoteSipEndPoint, isStream: true),
            ping =>
            {
                if (ping)
                {
                    _ = connection.SendAsync("\r\n"u8.ToArray(), CancellationToken.None).AsTask().ContinueWith(
                        static t => _ = t.Exception, TaskScheduler.Default);
                }
                else
                {
                    PongReceived?.Invoke(connection.RemoteSipEndPoint);
                }
            }).ConfigureAwait(false);
        LogConnectionClosed(connection.RemoteSipEndPoint, reason);
        _connections.TryRemove(new KeyValuePair<(TransportKind, IPEndPoint), StreamConnection>((connection.Transport, connection.Remote), connection));
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask SendBytesAsync(byte[] bytes, SipEndPoint destination, string? tlsHost, CancellationToken cancellationToken)
    {
        try
        {
            if (destination.Transport == TransportKind.Udp)
            {
                var udp = _udp ?? throw new SipTransportException("UDP is not listening.");
                await udp.SendToAsync(bytes, SocketFlags.None, destination.EndPoint, cancellationToken).ConfigureAwait(false);
                return;
            }

            var connection = await GetOrOpenConnectionAsync(destination, tlsHost, cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new SipTransportException($"Cannot send to {destination}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new SipTransportException($"Cannot send to {destination}: {ex.Message}", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new SipTransportException($"Cannot send to {destination}: the connection is closed.", ex);
        }
    }

    private async ValueTask<StreamConnection> GetOrOpenConnectionAsync(SipEndPoint destination, string? tlsHost, CancellationToken cancellationToken)
    {
        var key = (destination.Transport, destination.EndPoint);
        if (_connections.TryGetValue(key, out var existing) && !existing.IsClosed)
        {
            return existing;
        }

        var socket = new Socket(destination.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(destination.EndPoint, connect.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SipTransportException($"Connection to {destination} timed out.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (destination.Transport == TransportKind.Tls)
        {
            var expectedHost = tlsHost ?? destination.EndPoint.Address.ToString();
            string? rejection = null;
            var validate = _options.ServerCertificateValidation ?? ((_, certificate, chain, _) =>
            {
                rejection = CheckServerCertificate(certificate, chain, expectedHost);
                return rejection is null;
            });
            var ssl = new SslStream(stream, false, validate);
            try
            {
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = expectedHost },
                    handshake.Token).ConfigureAwait(false);
            }
            catch (AuthenticationException ex)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                var reason = rejection ?? ex.Message;
                LogServerCertificateRejected(destination, expectedHost, reason);
                throw new SipTransportException($"TLS with {Describe(destination)} refused: {reason}", ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw new SipTransportException($"TLS handshake with {Describe(destination)} timed out.", ex);
            }

            stream = ssl;
        }

        var connection = new StreamConnection(stream, destination.Transport, destination.EndPoint, _time);
        if (!_connections.TryAdd(key, connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return _connections[key];
        }

        // Several sends may open connections at once: the loop list is shared.
        lock (_loops)
        {
            _loops.RemoveAll(t => t.IsCompleted);
            _loops.Add(Task.Run(() => RunConnectionAsync(connection), CancellationToken.None));
        }
        return connection;
    }

    /// <summary>Null when the server's certificate is good for <paramref name="expectedHost"/>, else the reason.</summary>
    private string? CheckServerCertificate(X509Certificate? certificate, X509Chain? chain, string expectedHost)
    {
        if (certificate is null)
        {
            return "the server sent no certificate";
        }

        using var copy = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = chain?.ChainElements.Select(e => e.Certificate).ToList();
        return _certificateCheck.Validate(copy ?? (X509Certificate2)certificate, intermediates, expectedHost);
    }

    private static string Describe(SipEndPoint destination) =>
        destination.EndPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{destination.EndPoint.Address}]:{destination.EndPoint.Port}"
            : $"{destination.EndPoint.Address}:{destination.EndPoint.Port}";

    private void Process(byte[] bytes, SipEndPoint source, bool isStream)
    {
        var status = SipMessageParser.TryParse(bytes, isStream, out var message, out _, out var error);
        if (status != SipParseStatus.Complete || message is null)
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(source, error.ToString());
            return;
        }

        message.Source = source;
        var verdict = SipMessageValidator.Validate(message, isStream);
        if (!verdict.IsValid)
        {
            if (verdict.CanRespond && message is SipRequest bad && bad.Method != SipMethods.Ack)
            {
                FillReceived(bad, source);
                var response = SipResponseFactory.Create(bad, verdict.StatusCode, verdict.Reason);
                if (verdict.StatusCode == 505 || verdict.StatusCode == 416)
                {
                    response.ReasonPhrase = SipStatus.DefaultReason(verdict.StatusCode);
                }

                response.Source = source;
                _ = SendResponseAsync(response, CancellationToken.None).AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }

            LogRejected(source, verdict.StatusCode, verdict.Reason);
            return;
        }

        if (message is SipRequest request)
        {
            FillReceived(request, source);
        }

        try
        {
            _sink?.OnMessage(message);
        }
#pragma warning disable CA1031 // A fault above the transport must not kill the receive loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSinkFailed(ex);
        }
    }

    /// <summary>RFC 3261 §18.2.1 and RFC 3581 §4: note where the request really came from in its top Via.</summary>
    private static void FillReceived(SipRequest request, SipEndPoint source)
    {
        var via = request.TopVia;
        if (via is null)
        {
            return;
        }

        var address = source.EndPoint.Address.ToString();
        var changed = false;
        if (!string.Equals(via.Host, address, StringComparison.OrdinalIgnoreCase) || via.HasRPort)
        {
            via.Parameters.Set("received", address);
            changed = true;
        }

        if (via.HasRPort && via.RPort is null)
        {
            via.Parameters.Set("rport", source.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            changed = true;
        }

        if (changed)
        {
            request.Headers.RemoveFirstValue(HeaderId.Via);
            request.Headers.Prepend(HeaderId.Via, via.ToString());
        }
    }

    private void SweepIdleConnections()
    {
        foreach (var pair in _connections)
        {
            if (pair.Value.IdleFor > _options.IdleTimeout)
            {
                if (_connections.TryRemove(pair))
                {
                    _ = pair.Value.DisposeAsync().AsTask();
                }
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SIP listening on {Address}:{Port} (UDP, TCP: {Tcp}), TLS port {TlsPort}")]
    private partial void LogListening(IPAddress address, int port, bool tcp, int tlsPort);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Dropped unparseable bytes from {Source}: {Error}")]
    private partial void LogDropped(SipEndPoint source, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Rejected a message from {Source}: {Status} {Reason}")]
    private partial void LogRejected(SipEndPoint source, int status, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The SIP layer above the transport failed on a message")]
    private partial void LogSinkFailed(Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Connection {Remote} closed: {Reason}")]
    private partial void LogConnectionClosed(SipEndPoint remote, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "TLS handshake with {Remote} failed: {Reason}")]
    private partial void LogTlsHandshakeFailed(IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "TLS server {Remote} refused for {ExpectedHost}: {Reason}")]
    private partial void LogServerCertificateRejected(SipEndPoint remote, string expectedHost, string reason);
}
