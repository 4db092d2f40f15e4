using System.Net.Sockets;
using System.Net;
using CtiConnector.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Media.Rtp;

/// <summary>Receives one accepted RTP packet: its header and payload (valid only during the call).</summary>
public delegate void RtpPacketHandler(in RtpHeader header, ReadOnlySpan<byte> payload);

/// <summary>
/// Offered each datagram on the RTP socket that is not RTP (first byte 0-3: STUN, RFC 7983); returns true when it
/// took it. The layer above uses it to ask a STUN server about this very socket, which media knows nothing of.
/// </summary>
public delegate bool ForeignDatagramHandler(ReadOnlySpan<byte> datagram, IPEndPoint from);

/// <summary>
/// One RTP stream over real UDP sockets (RFC 3550): RTP on an even port and RTCP on the next, taken
/// from a <see cref="RtpPortRange"/>. Random SSRC, sequence and timestamp start (§5.1). Sends RTCP
/// SR/RR + SDES about every 5 s (randomised 0.5-1.5 × interval, §6.2) and a BYE on stop.
/// <para>
/// Symmetric RTP: after <see cref="Configure"/>, the first valid packet (accepted payload type) fixes
/// the remote source (SSRC and address) and from then on RTP is sent to the address packets actually
/// come from, which crosses NATs. Packets from another address with another SSRC are dropped; the
/// latched SSRC may move to a new address (NAT rebinding), and a new SSRC from the latched address
/// replaces the old one (the peer restarted its stream).
/// </para>
/// </summary>
public sealed partial class RtpSession : IAsyncDisposable
{
    private const int MaxPacket = 1500;

    private readonly Socket _rtpSocket;
    private readonly Socket _rtcpSocket;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _rtcpInterval;
    private readonly string _cname;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly byte[] _sendBuffer = new byte[MaxPacket];
    private RtpReceiveStatistics _receiveStats = new();
    private IReadOnlySet<int>? _acceptedPayloadTypes;
    private IPEndPoint? _signalledRtp;
    private IPEndPoint? _remoteRtp;
    private IPEndPoint? _remoteRtcp;
    private bool _latched;
    private bool _rtcpLatched;
    private uint _remoteSsrc;
    private ushort _sequence;
    private uint _timestamp;
    private bool _markNext = true;
    private long _packetsSent;
    private long _octetsSent;
    private long _dropped;
    private long _rtcpSent;
    private long _rtcpReceived;
    private bool _sentSinceReport;
    private uint _lastSrMiddle;
    private long _lastSrArrival;
    private double? _remoteFractionLost;
    private TimeSpan? _roundTripTime;
    private DateTimeOffset? _lastReceivedAt;
    private ITimer? _rtcpTimer;
    private Task? _rtpLoop;
    private Task? _rtcpLoop;
    private int _disposed;

    private RtpSession(Socket rtp, Socket rtcp, ILogger logger, TimeProvider time, TimeSpan rtcpInterval)
    {
        _rtpSocket = rtp;
        _rtcpSocket = rtcp;
        _logger = logger;
        _time = time;
        _rtcpInterval = rtcpInterval;
        Ssrc = (uint)SystemRandom.GetInt32(int.MaxValue) ^ ((uint)SystemRandom.GetInt32(2) << 31);
        _sequence = (ushort)SystemRandom.GetInt32(ushort.MaxValue + 1);
        _timestamp = (uint)SystemRandom.GetInt32(int.MaxValue);
        _cname = "cti-" + Convert.ToHexStringLower(SystemRandom.GetBytes(6));
        LocalRtpEndPoint = (IPEndPoint)rtp.LocalEndPoint!;
        LocalRtcpEndPoint = (IPEndPoint)rtcp.LocalEndPoint!;
    }

    /// <summary>Called for every accepted RTP packet, on the receive loop.</summary>
    public RtpPacketHandler? PacketReceived { get; set; }

    /// <summary>Called on the receive loop for datagrams that are not RTP (see <see cref="ForeignDatagramHandler"/>).</summary>
    public ForeignDatagramHandler? ForeignDatagramReceived { get; set; }

    /// <summary>Raised (on the receive loop) when the remote source sends an RTCP BYE.</summary>
    public event EventHandler? ByeReceived;

    /// <summary>Where RTP is bound.</summary>
    public IPEndPoint LocalRtpEndPoint { get; }

    /// <summary>Where RTCP is bound (RTP port + 1).</summary>
    public IPEndPoint LocalRtcpEndPoint { get; }

    /// <summary>Our synchronisation source.</summary>
    public uint Ssrc { get; }

    /// <summary>The RTP timestamp the next audio packet will carry.</summary>
    public uint Timestamp
    {
        get
        {
            lock (_lock)
            {
                return _timestamp;
            }
        }
    }

    /// <summary>Binds a socket pair from the range; throws <see cref="MediaException"/> when none is free.</summary>
    public static RtpSession Bind(IPAddress address, RtpPortRange? range = null, ILogger? logger = null, TimeProvider? timeProvider = null, TimeSpan? rtcpInterval = null)
    {
        var (rtp, rtcp) = RtpPortAllocator.Bind(address, range ?? RtpPortRange.Default);
        var session = new RtpSession(rtp, rtcp, logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System, rtcpInterval ?? TimeSpan.FromSeconds(5));
        LogBound(session._logger, session.LocalRtpEndPoint, session.Ssrc);
        return session;
    }

    /// <summary>
    /// Sets where to send (from the signalling) and which payload types to accept. A new remote
    /// address restarts symmetric-RTP latching; the same one keeps the latched source.
    /// </summary>
    public void Configure(IPEndPoint? remoteRtp, IPEndPoint? remoteRtcp, IReadOnlySet<int> acceptedPayloadTypes)
    {
        lock (_lock)
        {
            _acceptedPayloadTypes = acceptedPayloadTypes;
            if (Equals(remoteRtp, _signalledRtp) && remoteRtp is not null)
            {
                return;
            }

            _signalledRtp = remoteRtp;
            _remoteRtp = remoteRtp;
            _remoteRtcp = remoteRtcp;
            _latched = false;
            _rtcpLatched = false;
        }
    }

    /// <summary>
    /// Starts only the RTP receive loop (nothing is sent), so that an answer to <see cref="SendDatagramAsync"/> reaches
    /// <see cref="ForeignDatagramReceived"/> before the call starts. <see cref="Start"/> does it too.
    /// </summary>
    public void StartReceiving()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        lock (_lock)
        {
            _rtpLoop ??= Task.Run(() => ReceiveRtpAsync(_stop.Token));
        }
    }

    /// <summary>Sends one datagram that is not RTP (a STUN request) from the RTP socket.</summary>
    public async ValueTask SendDatagramAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _rtpSocket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the receive loops and the RTCP timer.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_rtcpLoop is not null)
        {
            return;
        }

        StartReceiving();
        _rtcpLoop = Task.Run(() => ReceiveRtcpAsync(_stop.Token));

        // RFC 3550 §6.2: the first report after half the interval.
        _rtcpTimer = _time.CreateTimer(_ => OnRtcpTimer(), null, NextRtcpDelay() / 2, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Sends one audio packet at the current timestamp, then advances it by <paramref name="samples"/>.
    /// The marker bit is set on the first packet after a gap (<see cref="SkipAudio"/>), RFC 3551 §4.1.
    /// </summary>
    public void SendAudio(int payloadType, ReadOnlySpan<byte> payload, int samples)
    {
        lock (_lock)
        {
            SendLocked(payloadType, _markNext, _timestamp, payload);
            _markNext = false;
            _timestamp += (uint)samples;
        }
    }

    /// <summary>Advances the timestamp without sending (mute by silence suppression, hold, DTMF).</summary>
    public void SkipAudio(int samples, bool markNext = true)
    {
        lock (_lock)
        {
            _timestamp += (uint)samples;
            _markNext |= markNext;
        }
    }

    /// <summary>Sends a packet with an explicit timestamp (RFC 4733 events keep their start timestamp).</summary>
    public void SendEvent(int payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            SendLocked(payloadType, marker, timestamp, payload);
        }
    }

    /// <summary>A snapshot of the counters.</summary>
    public RtpStatistics GetStatistics()
    {
        lock (_lock)
        {
            return new RtpStatistics
            {
                PacketsSent = _packetsSent,
                OctetsSent = _octetsSent,
                PacketsReceived = _receiveStats.PacketsReceived,
                PacketsLost = Math.Max(0, _receiveStats.PacketsLost),
                JitterMilliseconds = _receiveStats.JitterMilliseconds,
                PacketsDropped = _dropped,
                RemoteEndPoint = _remoteRtp,
                RemoteSsrc = _latched ? _remoteSsrc : null,
                RemoteFractionLost = _remoteFractionLost,
                RoundTripTime = _roundTripTime,
                LastPacketReceivedAt = _lastReceivedAt,
                RtcpSent = _rtcpSent,
                RtcpReceived = _rtcpReceived,
                Srtp = _srtp,
                SrtpAuthenticated = _srtpAuthenticated,
                SrtpAuthenticationFailures = _srtpAuthFailures,
                SrtpReplayed = _srtpReplayed,
                SrtcpAuthenticated = _srtcpAuthenticated,
                SrtcpDropped = _srtcpDropped,
            };
        }
    }

    /// <summary>Sends an RTCP BYE, stops the loops and releases both ports.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            SendRtcp(bye: true);
        }
        catch (SocketException)
        {
            // Best effort.
        }

        _rtcpTimer?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        _rtpSocket.Dispose();
        _rtcpSocket.Dispose();
        foreach (var loop in new[] { _rtpLoop, _rtcpLoop })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _stop.Dispose();
        DisposeSrtp();
        LogReleased(_logger, LocalRtpEndPoint);
    }

    private void SendLocked(int payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (_remoteRtp is not { } remote || _disposed != 0)
        {
            return;
        }

        var header = new RtpHeader { PayloadType = payloadType, Marker = marker, SequenceNumber = _sequence++, Timestamp = timestamp, Ssrc = Ssrc };
        var length = RtpPacket.Write(_sendBuffer, header, payload);
        if (_srtpSend is not null)
        {
            length = _srtpSend.ProtectRtp(_sendBuffer, length);
        }

        try
        {
            _rtpSocket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, remote);
            _packetsSent++;
            _octetsSent += payload.Length;
            _sentSinceReport = true;
        }
        catch (SocketException ex)
        {
            LogSendFailed(_logger, remote, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task ReceiveRtpAsync(CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxPacket, pinned: true);
        EndPoint any = new IPEndPoint(LocalRtpEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _rtpSocket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP port unreachable and the like: keep listening.
                LogReceiveFailed(_logger, ex.SocketErrorCode);
                continue;
            }

            OnRtp(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
        }
    }

    private void OnRtp(Span<byte> packet, IPEndPoint from)
    {
        // STUN answers (first byte 0-3, never RTP's version 2) arriving on the RTP socket go to the STUN client.
        if (packet.Length > 0 && packet[0] < 4 && ForeignDatagramReceived is { } foreign && foreign(packet, from))
        {
            return;
        }

        RtpPacketHandler? handler;
        RtpHeader header;
        lock (_lock)
        {
            // RFC 3711 §3.3: a packet that does not authenticate is dropped before it can latch or be played.
            if (!TryUnprotectRtpLocked(packet, from, out var length))
            {
                return;
            }

            packet = packet[..length];
            if (!RtpPacket.TryRead(packet, out header, out _))
            {
                _dropped++;
                return;
            }

            if (_acceptedPayloadTypes is null || !_acceptedPayloadTypes.Contains(header.PayloadType))
            {
                _dropped++;
                return;
            }

            if (!_latched)
            {
                Latch(header.Ssrc, from);
            }
            else if (!from.Equals(_remoteRtp))
            {
                if (header.Ssrc != _remoteSsrc)
                {
                    _dropped++;
                    return;
                }

                // Same source, new address: the NAT rebound.
                LogRelatched(_logger, from, header.Ssrc);
                _remoteRtp = from;
            }
            else if (header.Ssrc != _remoteSsrc)
            {
                LogNewSource(_logger, header.Ssrc, from);
                _remoteSsrc = header.Ssrc;
                _receiveStats = new RtpReceiveStatistics();
            }

            var arrival = _time.GetTimestamp() * 8000 / _time.TimestampFrequency;
            if (!_receiveStats.Update(header.SequenceNumber, header.Timestamp, arrival))
            {
                return;
            }

            _lastReceivedAt = _time.GetUtcNow();
            handler = PacketReceived;
        }

        handler?.Invoke(header, RtpPacket.GetPayload(packet, header));
    }

    private void Latch(uint ssrc, IPEndPoint from)
    {
        _latched = true;
        _remoteSsrc = ssrc;
        _receiveStats = new RtpReceiveStatistics();
        if (!from.Equals(_remoteRtp))
        {
            LogLatched(_logger, from, _remoteRtp, ssrc);
            _remoteRtp = from;
        }
    }

    private TimeSpan NextRtcpDelay() =>
        TimeSpan.FromMilliseconds(_rtcpInterval.TotalMilliseconds * (0.5 + (SystemRandom.GetInt32(1000) / 1000.0)));
}
