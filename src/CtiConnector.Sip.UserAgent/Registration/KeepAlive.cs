using CtiConnector.Shared;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>
/// Keeps a registration's flow alive while it is registered (RFC 5626 §4.4.1): every interval (drawn between 80% and
/// 100% of it, so many clients do not ping in step) a CRLF CRLF ping goes to the registrar or outbound proxy. On TCP/TLS
/// the server answers a single CRLF pong; no pong within <see cref="PongTimeout"/> means the flow is dead: the
/// connection is closed and the owner is told (it registers again, over a new connection). On UDP the ping keeps the
/// NAT binding open and nothing comes back.
/// </summary>
internal sealed partial class KeepAlive : IDisposable
{
    /// <summary>RFC 5626 §4.4.1 asks for the pong within 10 s.</summary>
    public static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(10);

    private readonly IKeepAliveTransport _transport;
    private readonly SipEndPoint _flow;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Action<string> _flowFailed;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _pingTimer;
    private ITimer? _pongTimer;
    private bool _disposed;
    private int _failed;

    private KeepAlive(IKeepAliveTransport transport, SipEndPoint flow, TimeSpan interval, TimeProvider time, Action<string> flowFailed, ILogger logger)
    {
        _transport = transport;
        _flow = flow;
        _interval = interval;
        _time = time;
        _flowFailed = flowFailed;
        _logger = logger;
    }

    /// <summary>Pings sent so far.</summary>
    public int PingsSent { get; private set; }

    /// <summary>The interval when none is configured: about 25 s on UDP (NAT bindings often last 30 s), 100 s on TCP/TLS.</summary>
    public static TimeSpan DefaultInterval(TransportKind transport) =>
        transport == TransportKind.Udp ? TimeSpan.FromSeconds(25) : TimeSpan.FromSeconds(100);

    /// <summary>
    /// Starts pinging <paramref name="flow"/>, or returns null when keep-alives are off (<paramref name="interval"/> is
    /// zero) or the transport cannot send them.
    /// </summary>
    public static KeepAlive? Start(ISipTransport transport, SipEndPoint flow, TimeSpan? interval, TimeProvider time, Action<string> flowFailed, ILogger logger)
    {
        var every = interval ?? DefaultInterval(flow.Transport);
        if (every <= TimeSpan.Zero || transport is not IKeepAliveTransport keepAlive)
        {
            return null;
        }

        var started = new KeepAlive(keepAlive, flow, every, time, flowFailed, logger);
        keepAlive.PongReceived += started.OnPong;
        started.ScheduleNextPing();
        return started;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pingTimer?.Dispose();
            _pongTimer?.Dispose();
            _pingTimer = _pongTimer = null;
        }

        _transport.PongReceived -= OnPong;
    }

    private void ScheduleNextPing()
    {
        // RFC 5626 §4.4.1: a random time between 80% and 100% of the interval.
        var due = _interval * (0.8 + (0.2 * SystemRandom.GetInt32(1001) / 1000.0));
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pingTimer?.Dispose();
            _pingTimer = _time.CreateTimer(_ => _ = PingAsync(), null, due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task PingAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            PingsSent++;
            if (_flow.IsReliable && _pongTimer is null)
            {
                _pongTimer = _time.CreateTimer(_ => OnPongMissing(), null, PongTimeout, Timeout.InfiniteTimeSpan);
            }
        }

        try
        {
            await _transport.SendKeepAliveAsync(_flow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SipTransportException ex)
        {
            if (_flow.IsReliable)
            {
                await FailAsync($"the keep-alive could not be sent to {_flow}: {ex.Message}").ConfigureAwait(false);
                return;
            }

            LogUdpPingFailed(_flow, ex.Message);
        }

        ScheduleNextPing();
    }

    private void OnPong(SipEndPoint from)
    {
        if (from != _flow)
        {
            return;
        }

        lock (_gate)
        {
            _pongTimer?.Dispose();
            _pongTimer = null;
        }
    }

    private void OnPongMissing() => _ = FailAsync($"no keep-alive answer from {_flow} within {PongTimeout.TotalSeconds:0} s");

    private async Task FailAsync(string reason)
    {
        lock (_gate)
        {
            if (_disposed || Interlocked.Exchange(ref _failed, 1) != 0)
            {
                return;
            }
        }

        Dispose();
        LogFlowDead(_flow, reason);
        await _transport.CloseFlowAsync(_flow).ConfigureAwait(false);
        _flowFailed(reason);
    }

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "The flow to {Flow} is dead: {Reason}; registering again")]
    private partial void LogFlowDead(SipEndPoint flow, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "UDP keep-alive to {Flow} not sent: {Reason}")]
    private partial void LogUdpPingFailed(SipEndPoint flow, string reason);
}
