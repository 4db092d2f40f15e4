using System.Net;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;

namespace CtiConnector.Media;

/// <summary>Settings of a <see cref="MediaSession"/>.</summary>
public sealed class MediaSessionOptions
{
    /// <summary>Address to bind RTP on (the address SIP uses; <see cref="IPAddress.Any"/> only with <see cref="AdvertisedAddress"/>).</summary>
    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// Address written in our SDP (<c>c=</c>, <c>o=</c>), when it differs from <see cref="LocalAddress"/>
    /// (bound to any address, or a known public address). Never 0.0.0.0: that means hold in SDP.
    /// </summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>UDP ports for RTP (even) and RTCP (odd).</summary>
    public RtpPortRange PortRange { get; init; } = RtpPortRange.Default;

    /// <summary>Codec preference, telephone-event payload type, ptime.</summary>
    public AudioNegotiationOptions Negotiation { get; init; } = AudioNegotiationOptions.Default;

    /// <summary>Jitter buffer playout delay in milliseconds (see <see cref="Audio.JitterBuffer"/>).</summary>
    public int JitterBufferMilliseconds { get; init; } = 60;

    /// <summary>Jitter buffer level above which playout skips ahead.</summary>
    public int JitterBufferMaxMilliseconds { get; init; } = 200;

    /// <summary>Mean RTCP report interval (RFC 3550 §6.2 minimum: 5 s).</summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Length of each sent DTMF digit.</summary>
    public int DtmfDurationMilliseconds { get; init; } = 100;

    /// <summary>Pause after each sent DTMF digit.</summary>
    public int DtmfGapMilliseconds { get; init; } = 60;

    /// <summary>Also write <c>c=0.0.0.0</c> in hold offers (RFC 2543 style, for very old peers).</summary>
    public bool LegacyHoldAddress { get; init; }
}
