using System.Threading.Channels;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>A real <see cref="SipTransportLayer"/> on 127.0.0.1 (free port) whose sink queues what it receives.</summary>
internal sealed class LoopbackEndpoint : ISipMessageSink, IAsyncDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);
    private readonly Channel<SipMessage> _received = Channel.CreateUnbounded<SipMessage>();

    private LoopbackEndpoint(SipTransportLayer transport)
    {
        Transport = transport;
        transport.SetSink(this);
    }

    public SipTransportLayer Transport { get; }

    /// <summary>Answers every request with this status when set (from the sink, as a transaction user would).</summary>
    public int? AutoAnswer { get; set; }

    public SipEndPoint Udp => Transport.GetLocalEndPoint(TransportKind.Udp)!.Value;

    public SipEndPoint Tcp => Transport.GetLocalEndPoint(TransportKind.Tcp)!.Value;

    public static async Task<LoopbackEndpoint> StartAsync(Action<SipTransportOptions>? configure = null)
    {
        var options = new SipTransportOptions();
        configure?.Invoke(options);
        var endpoint = new LoopbackEndpoint(new SipTransportLayer(options));
        await endpoint.Transport.StartAsync(CancellationToken.None);
        return endpoint;
    }

    public void OnMessage(SipMessage message)
    {
        _received.Writer.TryWrite(message);
        if (AutoAnswer is { } status && message is SipRequest request)
        {
            _ = Transport.SendResponseAsync(SipResponseFactory.Create(request, status), CancellationToken.None).AsTask();
        }
    }

    /// <summary>The next message received; fails the test when nothing comes (the wait bounds a hang, it is not asserted on).</summary>
    public async Task<SipMessage> NextAsync()
    {
        using var cts = new CancellationTokenSource(s_patience);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("Nothing was received.");
        }
    }

    /// <summary>Whether nothing more was received (after the caller made sure a later message got through).</summary>
    public bool IsEmpty => !_received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync() => await Transport.DisposeAsync();
}
