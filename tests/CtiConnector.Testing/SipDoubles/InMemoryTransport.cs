using System.Net;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Testing.SipDoubles;

/// <summary>
/// A transport without sockets: what the stack sends is written to bytes and kept in <see cref="Sent"/>; what a test
/// delivers goes through the real parser first, as it would off the wire.
/// </summary>
public sealed class InMemoryTransport : ISipTransport, IKeepAliveTransport
{
    private readonly object _gate = new();
    private readonly List<SentMessage> _sent = [];
    private readonly List<SipEndPoint> _keepAlives = [];
    private readonly List<SipEndPoint> _closedFlows = [];
    private ISipMessageSink? _sink;

    public event Action<SipEndPoint>? PongReceived;

    /// <summary>Where each CRLF CRLF keep-alive went.</summary>
    public IReadOnlyList<SipEndPoint> KeepAlivesSent
    {
        get
        {
            lock (_gate)
            {
                return [.. _keepAlives];
            }
        }
    }

    /// <summary>Flows the stack closed as dead.</summary>
    public IReadOnlyList<SipEndPoint> ClosedFlows
    {
        get
        {
            lock (_gate)
            {
                return [.. _closedFlows];
            }
        }
    }

    public ValueTask SendKeepAliveAsync(SipEndPoint destination, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            return ValueTask.FromException(failure);
        }

        lock (_gate)
        {
            _keepAlives.Add(destination);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CloseFlowAsync(SipEndPoint destination)
    {
        lock (_gate)
        {
            _closedFlows.Add(destination);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A CRLF pong arrives from <paramref name="from"/> (RFC 5626 §4.4.1).</summary>
    public void DeliverPong(SipEndPoint from) => PongReceived?.Invoke(from);

    public static SipEndPoint Local { get; } = new(TransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060));

    public static SipEndPoint Peer { get; } = new(TransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5080));

    /// <summary>When set, every send throws this.</summary>
    public SipTransportException? FailWith { get; set; }

    /// <summary>Throw <see cref="FailWith"/> from the call itself, as a transport that fails before its first await does.</summary>
    public bool ThrowSynchronously { get; set; }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<SipRequest> SentRequests => [.. Sent.Select(s => s.Message).OfType<SipRequest>()];

    public IReadOnlyList<SipResponse> SentResponses => [.. Sent.Select(s => s.Message).OfType<SipResponse>()];

    public void SetSink(ISipMessageSink sink) => _sink = sink;

    /// <summary>The address <see cref="GetLocalEndPoint"/> reports (as if the transport were bound to it).</summary>
    public IPAddress LocalAddress { get; set; } = IPAddress.Loopback;

    public SipEndPoint? GetLocalEndPoint(TransportKind transport) => new(transport, new IPEndPoint(LocalAddress, Local.EndPoint.Port));

    public ValueTask SendRequestAsync(SipRequest request, SipEndPoint destination, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            return ThrowSynchronously ? throw failure : ValueTask.FromException(failure);
        }

        Record(request, destination);
        return ValueTask.CompletedTask;
    }

    /// <summary>Called with each response just before it is recorded as sent (a test may block here to hold a send in flight).</summary>
    public Action<SipResponse>? Sending { get; set; }

    public ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            return ThrowSynchronously ? throw failure : ValueTask.FromException(failure);
        }

        Sending?.Invoke(response);
        Record(response, response.Source);
        return ValueTask.CompletedTask;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _sent.Clear();
        }
    }

    /// <summary>Parses <paramref name="text"/> as received from <paramref name="source"/> and hands it to the sink.</summary>
    public void Deliver(string text, SipEndPoint? source = null) => Deliver(System.Text.Encoding.UTF8.GetBytes(text), source ?? Peer);

    public void Deliver(SipMessage message, SipEndPoint? source = null) => Deliver(message.ToBytes(), source ?? Peer);

    private void Deliver(byte[] bytes, SipEndPoint source)
    {
        var status = SipMessageParser.TryParse(bytes, source.IsReliable, out var message, out _, out var error);
        if (status != SipParseStatus.Complete || message is null)
        {
            throw new InvalidOperationException($"The test message does not parse: {error}");
        }

        message.Source = source;
        _sink!.OnMessage(message);
    }

    private void Record(SipMessage message, SipEndPoint? destination)
    {
        // Re-parse what was written, so tests see what the peer would see.
        var bytes = message.ToBytes();
        SipMessageParser.TryParse(bytes, false, out var parsed, out _, out _);
        lock (_gate)
        {
            _sent.Add(new SentMessage(parsed ?? message, destination));
        }
    }

    public sealed record SentMessage(SipMessage Message, SipEndPoint? Destination);
}
