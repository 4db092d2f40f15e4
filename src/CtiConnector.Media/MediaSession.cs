using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Dtmf;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;
using CtiConnector.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Media;

/// <summary>
/// The audio of one call: what the telephony layer creates per call. It binds an RTP/RTCP port pair,
/// writes our SDP offers and answers (RFC 3264, keeping the <c>o=</c> version), applies the peer's,
/// and once <see cref="Start"/>ed pumps 20 ms frames on a steady clock: device capture → G.711 →
/// RTP, and RTP → jitter buffer → G.711 → device playback. DTMF goes out as RFC 4733 events (or
/// in-band tones when the peer has no telephone-event) and comes in through <see cref="DtmfReceived"/>.
/// Hold and resume are new offers with another direction on the same socket. Disposing stops the
/// pump, sends RTCP BYE and releases the ports (and the device when the session owns it).
/// </summary>
public sealed partial class MediaSession : IAsyncDisposable
{
    private readonly MediaSessionOptions _options;
    private readonly IAudioDevice _device;
    private readonly bool _ownsDevice;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RtpSession _rtp;
    private readonly SdpNegotiator _negotiator;
    private readonly JitterBuffer _jitter;
    private readonly Lock _jitterLock = new();
    private readonly Lock _sdpLock = new();
    private readonly DtmfReceiver _dtmfReceiver = new();
    private readonly Queue<DtmfJob> _dtmfQueue = new();
    private readonly Lock _dtmfLock = new();
    private readonly string _sessionId;

    // Our SRTP master key for the whole call: re-offers (hold, resume) keep it, so the peer's context goes on.
    private readonly SrtpMasterKey _srtpKey = SrtpMasterKey.Generate();
    private readonly short[] _capture = new short[AudioFormat.FrameSamples];
    private readonly short[] _play = new short[AudioFormat.FrameSamples];
    private readonly byte[] _encoded = new byte[AudioFormat.FrameSamples];
    private readonly short[] _decoded = new short[1600];
    private readonly byte[] _eventPayload = new byte[TelephoneEvent.Size];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private volatile NegotiatedAudio? _negotiated;
    private volatile ToneGenerator? _localTone;
    private volatile ToneGenerator? _overlayTone;
    private volatile bool _muted;
    private volatile MediaDirection _localDirection = MediaDirection.SendRecv;
    private SessionDescription? _pendingOffer;
    private ulong _sessionVersion;
    private string? _lastSdpContent;
    private DtmfJob? _currentDtmf;
    private Task? _pump;
    private volatile bool _rtpStarted;
    private long _frames;
    private long _framesPlayed;
    private long _clockSlips;
    private int _disposed;

    private MediaSession(MediaSessionOptions options, IAudioDevice device, bool ownsDevice, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _device = device;
        _ownsDevice = ownsDevice;
        _logger = loggerFactory.CreateLogger<MediaSession>();
        _time = time;
        _negotiator = new SdpNegotiator(options.Negotiation);
        _jitter = new JitterBuffer(options.JitterBufferMilliseconds, options.JitterBufferMaxMilliseconds);
        _rtp = RtpSession.Bind(options.LocalAddress, options.PortRange, loggerFactory.CreateLogger<RtpSession>(), time, options.RtcpInterval);
        _rtp.PacketReceived = OnPacket;
        _rtp.ByeReceived += (_, _) => RemoteByeReceived?.Invoke(this, EventArgs.Empty);
        _sessionId = ((ulong)SystemRandom.GetInt32(int.MaxValue) * 1000 + (ulong)SystemRandom.GetInt32(1000)).ToString(CultureInfo.InvariantCulture);
        _sessionVersion = (ulong)SystemRandom.GetInt32(1_000_000);
    }

    /// <summary>A digit arrived from the peer (raised on the network thread; keep handlers short).</summary>
    public event EventHandler<DtmfReceivedEventArgs>? DtmfReceived;

    /// <summary>The peer sent RTCP BYE for its stream.</summary>
    public event EventHandler? RemoteByeReceived;

    /// <summary>Where our RTP is bound (the port in our SDP).</summary>
    public IPEndPoint LocalRtpEndPoint => _rtp.LocalRtpEndPoint;

    /// <summary>The RTP address and port written in our SDP.</summary>
    public IPEndPoint AdvertisedRtpEndPoint => PublicRtpEndPoint ?? new(_options.AdvertisedAddress ?? _options.LocalAddress, _rtp.LocalRtpEndPoint.Port);

    /// <summary>
    /// The address and port a STUN server saw the RTP socket at (set by the layer above before the offer or answer is
    /// written); when set, SDP's <c>c=</c> and <c>m=</c> carry it instead of the local ones.
    /// </summary>
    public IPEndPoint? PublicRtpEndPoint { get; set; }

    /// <summary>The call's RTP stream, for the layer above to ask a STUN server about its socket.</summary>
    public RtpSession Rtp => _rtp;

    /// <summary>The current negotiation, or null before the first offer/answer completes.</summary>
    public NegotiatedAudio? Negotiated => _negotiated;

    /// <summary>The audio device in use.</summary>
    public IAudioDevice Device => _device;

    /// <summary>
    /// When true, silence is sent instead of the microphone (timestamps keep running). While we hold
    /// the call (our last offer was sendonly or inactive) silence is sent too, so the held party never
    /// hears the room.
    /// </summary>
    public bool Muted
    {
        get => _muted;
        set => _muted = value;
    }

    /// <summary>
    /// The tone played to the local device instead of received audio, or null for the call audio; set it with
    /// <see cref="PlayLocalTone"/>.
    /// </summary>
    public ToneGenerator? LocalTone => _localTone;

    /// <summary>
    /// Binds the ports and prepares the session; throws <see cref="MediaException"/> when no port pair is free.
    /// </summary>
    /// <param name="options">Address, port range, codecs and buffer settings.</param>
    /// <param name="device">The audio device (see <see cref="AudioDeviceFactory"/>).</param>
    /// <param name="ownsDevice">Dispose the device with the session.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="timeProvider">Clock for the pump and RTCP; the system clock when null.</param>
    public static MediaSession Create(MediaSessionOptions options, IAudioDevice device, bool ownsDevice = true, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        var advertised = options.AdvertisedAddress ?? options.LocalAddress;
        if (advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("The address written in SDP cannot be unspecified (0.0.0.0 means hold); set AdvertisedAddress.", nameof(options));
        }

        return new MediaSession(options, device, ownsDevice, loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Writes our offer (initial INVITE, a 200 OK to an INVITE without SDP, or a re-INVITE). Hold is
    /// <see cref="MediaDirection.SendOnly"/> (or <see cref="MediaDirection.Inactive"/>); resume is
    /// <see cref="MediaDirection.SendRecv"/>. Apply the peer's answer with <see cref="TryApplyAnswer"/>.
    /// </summary>
    public SessionDescription CreateOffer(MediaDirection direction = MediaDirection.SendRecv)
    {
        lock (_sdpLock)
        {
            _localDirection = direction;
            var offer = Versioned(origin => _negotiator.CreateOffer(AdvertisedRtpEndPoint, origin, direction, _options.LegacyHoldAddress, _srtpKey));
            _pendingOffer = offer;
            return offer;
        }
    }

    /// <summary>
    /// Applies the peer's answer to our last offer. On success the stream uses the new parameters at
    /// once (also while running: hold/resume keeps the socket). The same offer may be answered again
    /// (early media in a 183, then the 200 OK; forked answers): the latest answer wins.
    /// </summary>
    public bool TryApplyAnswer(SessionDescription answer, [NotNullWhen(false)] out NegotiationFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_sdpLock)
        {
            if (_pendingOffer is null)
            {
                failure = new NegotiationFailure(NegotiationFailureKind.AnswerMismatch, "no offer of ours is pending");
                return false;
            }

            if (!_negotiator.TryApplyAnswer(_pendingOffer, answer, out var negotiated, out failure))
            {
                LogNegotiationFailed(_logger, failure.ToString());
                return false;
            }

            // The offer stays current: a 183 and then the 200 OK may both carry the answer.
            Apply(negotiated);
            return true;
        }
    }

    /// <summary>
    /// Answers the peer's offer (INVITE, re-INVITE for hold/resume, UPDATE). Our direction is the one
    /// of our last offer (sendrecv by default, or hold) unless <paramref name="localDirection"/> is given.
    /// False with a reason to send 488 Not Acceptable Here.
    /// </summary>
    public bool TryAnswerOffer(
        SessionDescription offer,
        [NotNullWhen(true)] out SessionDescription? answer,
        [NotNullWhen(false)] out NegotiationFailure? failure,
        MediaDirection? localDirection = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        lock (_sdpLock)
        {
            if (localDirection is { } direction)
            {
                _localDirection = direction;
            }

            NegotiatedAudio? negotiated = null;
            NegotiationFailure? problem = null;
            var result = VersionedCore(origin =>
                _negotiator.TryCreateAnswer(offer, AdvertisedRtpEndPoint, origin, _localDirection, out var a, out negotiated, out problem, _srtpKey) ? a : null);
            if (result is null || negotiated is null)
            {
                answer = null;
                failure = problem!;
                LogNegotiationFailed(_logger, failure.ToString());
                return false;
            }

            _pendingOffer = null;
            Apply(negotiated);
            answer = result;
            failure = null;
            return true;
        }
    }

    /// <summary>
    /// Starts the RTP receive loops, RTCP and the 20 ms pump (if <see cref="PlayLocalTone"/> has not already started
    /// it). Safe to call before negotiation (early media).
    /// </summary>
    public void Start()
    {
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_rtpStarted)
            {
                return;
            }

            _rtp.Start();
            _rtpStarted = true;
            StartPump();
        }

        LogStarted(_logger, LocalRtpEndPoint, _device.Name);
    }

    /// <summary>
    /// Plays <paramref name="tone"/> to the local device (ring for an incoming call, ringback while the far end rings),
    /// or stops it with null. Before <see cref="Start"/> only the device runs: nothing is read from the microphone and no
    /// RTP is sent or received, so a call that is not answered yet stays silent on the network. After it, the tone
    /// replaces the received audio.
    /// </summary>
    public void PlayLocalTone(ToneGenerator? tone)
    {
        lock (_startLock)
        {
            if (_disposed != 0)
            {
                return;
            }

            _localTone = tone;
            if (tone is not null)
            {
                StartPump();
            }
        }
    }

    /// <summary>
    /// Mixes <paramref name="tone"/> into what the local device plays, over the call's audio (the call-waiting beeps),
    /// or stops it with null. It sounds only while the session runs (after <see cref="Start"/>); nothing is sent.
    /// </summary>
    public void PlayOverlayTone(ToneGenerator? tone) => _overlayTone = tone;

    private void StartPump() => _pump ??= Task.Run(() => PumpAsync(_stop.Token));

    public Task SendDtmfAsync(string digits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var c in digits)
        {
            if (!TelephoneEvent.TryGetEventCode(c, out _))
            {
                throw new ArgumentException($"'{c}' is not a DTMF digit.", nameof(digits));
            }
        }

        if (digits.Length == 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_dtmfLock)
        {
            for (var i = 0; i < digits.Length; i++)
            {
                _dtmfQueue.Enqueue(new DtmfJob(digits[i], i == digits.Length - 1 ? done : null));
            }
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A snapshot of the counters.</summary>
    public MediaStatistics GetStatistics()
    {
        lock (_jitterLock)
        {
            return new MediaStatistics
            {
                Rtp = _rtp.GetStatistics(),
                Negotiated = _negotiated,
                Frames = Interlocked.Read(ref _frames),
                FramesPlayed = Interlocked.Read(ref _framesPlayed),
                FramesConcealed = _jitter.ConcealedFrames,
                LatePackets = _jitter.Late,
                DuplicatePackets = _jitter.Duplicates,
                ClockSlips = Interlocked.Read(ref _clockSlips),
            };
        }
    }

    /// <summary>Stops the pump, sends RTCP BYE, releases the ports, and disposes an owned device.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task? pump;
        lock (_startLock)
        {
            pump = _pump;
        }

        if (pump is not null)
        {
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _rtp.DisposeAsync().ConfigureAwait(false);
        lock (_dtmfLock)
        {
            _currentDtmf?.Done?.TrySetCanceled();
            foreach (var job in _dtmfQueue)
            {
                job.Done?.TrySetCanceled();
            }

            _dtmfQueue.Clear();
        }

        if (_ownsDevice)
        {
            _device.Dispose();
        }

        _stop.Dispose();
        LogStopped(_logger, LocalRtpEndPoint);
    }

    private SessionDescription Versioned(Func<SdpOrigin, SessionDescription?> build) =>
        VersionedCore(build) ?? throw new InvalidOperationException("The description builder returned nothing.");

    private SessionDescription? VersionedCore(Func<SdpOrigin, SessionDescription?> build)
    {
        var address = AdvertisedRtpEndPoint.Address;
        var addressType = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var origin = new SdpOrigin(_options.Negotiation.OriginUserName, _sessionId, _sessionVersion, "IN", addressType, address.ToString());
        var sdp = build(origin);
        if (sdp is null)
        {
            return null;
        }

        // RFC 3264 §8: the o= version grows when the description changes, and only then.
        var content = string.Join("\r\n", sdp.ToString().Split("\r\n").Where(l => !l.StartsWith("o=", StringComparison.Ordinal)));
        if (_lastSdpContent is not null && content != _lastSdpContent)
        {
            _sessionVersion++;
            sdp.Origin = origin with { SessionVersion = _sessionVersion };
        }

        _lastSdpContent = content;
        return sdp;
    }

    private void Apply(NegotiatedAudio negotiated)
    {
        var accepted = new HashSet<int> { negotiated.PayloadType };
        if (negotiated.TelephoneEventPayloadType is { } te)
        {
            accepted.Add(te);
        }

        _rtp.ConfigureSrtp(negotiated.Srtp);
        _rtp.Configure(negotiated.RemoteRtp, negotiated.RemoteRtcp, accepted);
        _negotiated = negotiated;
        LogNegotiated(_logger, negotiated.Codec, negotiated.PayloadType, negotiated.RemoteRtp, negotiated.Direction, negotiated.TelephoneEventPayloadType, negotiated.Srtp?.ToString() ?? "plain RTP");
    }
}
