using CtiConnector.Media;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Sdp;
using CtiConnector.Sip.Stun;

namespace CtiConnector.Telephony;

/// <summary><see cref="ICallMedia"/> over the media layer's <see cref="MediaSession"/>.</summary>
internal sealed class CallMedia : ICallMedia
{
    private readonly MediaSession _session;
    private int _started;
    private int _tone;
    private int _waitingTone;

    public CallMedia(MediaSession session)
    {
        _session = session;
        _session.DtmfReceived += (_, e) => DtmfReceived?.Invoke(e.Digit);
    }

    public event Action<char>? DtmfReceived;

    public string CreateOffer(bool hold) =>
        _session.CreateOffer(hold ? MediaDirection.SendOnly : MediaDirection.SendRecv).ToString();

    public string? CreateAnswer(string remoteOffer, bool hold)
    {
        if (!SessionDescription.TryParse(remoteOffer, out var offer, out _))
        {
            return null;
        }

        return _session.TryAnswerOffer(offer, out var answer, out _, hold ? MediaDirection.SendOnly : MediaDirection.SendRecv)
            ? answer.ToString()
            : null;
    }

    public bool ApplyAnswer(string remoteAnswer) => ApplyAnswer(remoteAnswer, out _);

    public bool ApplyAnswer(string remoteAnswer, out NegotiationFailure? failure)
    {
        failure = null;
        return SessionDescription.TryParse(remoteAnswer, out var answer, out _) && _session.TryApplyAnswer(answer, out failure);
    }

    public async Task<StunResult> LearnPublicAddressAsync(System.Net.IPEndPoint stunServer, CancellationToken cancellationToken)
    {
        // The question leaves from the RTP socket itself: its NAT mapping is the one the peer must send to.
        var rtp = _session.Rtp;
        var stun = new StunClient(rtp.SendDatagramAsync);
        rtp.ForeignDatagramReceived = stun.OnDatagram;
        rtp.StartReceiving();
        try
        {
            var result = await stun.QueryAsync(stunServer, cancellationToken).ConfigureAwait(false);
            if (result.ReflexiveAddress is { } address)
            {
                _session.PublicRtpEndPoint = address;
            }

            return result;
        }
        finally
        {
            rtp.ForeignDatagramReceived = null;
        }
    }

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _session.Start();
        }
    }

    public void SetMuted(bool muted) => _session.Muted = muted;

    public void SetLocalTone(LocalTone tone)
    {
        if (Interlocked.Exchange(ref _tone, (int)tone) == (int)tone)
        {
            return; // already playing (a repeated 180): keep the cadence going
        }

        _session.PlayLocalTone(tone switch
        {
            LocalTone.Ring => ToneGenerator.Ring(),
            LocalTone.Ringback => ToneGenerator.Ringback(),
            _ => null,
        });
    }

    public void SetCallWaitingTone(bool on)
    {
        if (Interlocked.Exchange(ref _waitingTone, on ? 1 : 0) != (on ? 1 : 0))
        {
            _session.PlayOverlayTone(on ? ToneGenerator.CallWaiting() : null);
        }
    }

    public Task SendDtmfAsync(string digits, CancellationToken cancellationToken) => _session.SendDtmfAsync(digits, cancellationToken);

    public MediaStatistics GetStatistics() => _session.GetStatistics();

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
