using CtiConnector.Media;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Telephony;

/// <summary>
/// The media of one call as the telephony layer sees it: SDP in and out, start, hold, mute, DTMF.
/// Implemented over the media layer's session (which knows nothing of SIP).
/// </summary>
internal interface ICallMedia : IAsyncDisposable
{
    /// <summary>Our SDP offer (for an INVITE, or a re-INVITE when <paramref name="hold"/> changes).</summary>
    string CreateOffer(bool hold);

    /// <summary>Answers the peer's offer; null when nothing in it is usable (the caller answers 488).</summary>
    string? CreateAnswer(string remoteOffer, bool hold);

    /// <summary>Applies the peer's answer to our offer; false when it is unusable.</summary>
    bool ApplyAnswer(string remoteAnswer);

    /// <summary>Applies the peer's answer to our offer; false with why when it is unusable (null: not SDP at all).</summary>
    bool ApplyAnswer(string remoteAnswer, out NegotiationFailure? failure);

    /// <summary>
    /// Asks <paramref name="stunServer"/> which public address and port it sees the RTP socket at, and writes them in
    /// the SDP from then on. On failure the local address is kept.
    /// </summary>
    Task<Sip.Stun.StunResult> LearnPublicAddressAsync(System.Net.IPEndPoint stunServer, CancellationToken cancellationToken);

    /// <summary>Starts sending and receiving audio with what was negotiated.</summary>
    void Start();

    void SetMuted(bool muted);

    /// <summary>
    /// Plays a generated tone to the local device, or stops it: <see cref="LocalTone.Ring"/> while an incoming call
    /// rings, <see cref="LocalTone.Ringback"/> while the far end rings without early media. Before <see cref="Start"/>
    /// only the device runs (no RTP). Not safe to call from two threads at once: callers go through
    /// <see cref="TelephonyCall.PlayRingingTone"/> and <see cref="TelephonyCall.EndRinging"/>, which serialise it.
    /// </summary>
    void SetLocalTone(LocalTone tone);

    /// <summary>
    /// Mixes the call-waiting beeps into what this call plays on the device (another call rings behind it), or
    /// stops them. Nothing of it is sent to the peer.
    /// </summary>
    void SetCallWaitingTone(bool on);

    /// <summary>Sends digits as RFC 4733 events, or as in-band tones when the peer has no telephone-event.</summary>
    Task SendDtmfAsync(string digits, CancellationToken cancellationToken);

    /// <summary>A digit received as RFC 4733 telephone-event.</summary>
    event Action<char>? DtmfReceived;

    /// <summary>The media counters (packets, SRTP authentication) and the current negotiation.</summary>
    MediaStatistics GetStatistics();
}

/// <summary>Makes the media of a new call; one per telephony instance.</summary>
internal interface ICallMediaFactory
{
    /// <summary>The media of a call on <paramref name="account"/> (its codec order and encryption policy), or of a call on no account.</summary>
    ICallMedia Create(AccountOptions? account = null);
}
