using System.Net;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Rtp;

/// <summary>A snapshot of one RTP session's counters.</summary>
public sealed record RtpStatistics
{
    /// <summary>RTP packets sent.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Payload octets sent.</summary>
    public long OctetsSent { get; init; }

    /// <summary>RTP packets received and accepted (from the latched source).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Packets lost, from sequence numbers (RFC 3550 §A.3).</summary>
    public long PacketsLost { get; init; }

    /// <summary>Interarrival jitter in milliseconds (RFC 3550 §A.8).</summary>
    public double JitterMilliseconds { get; init; }

    /// <summary>Packets dropped: not RTP, unexpected payload type, or from a foreign source.</summary>
    public long PacketsDropped { get; init; }

    /// <summary>Where we send RTP now (after symmetric-RTP latching), or null.</summary>
    public IPEndPoint? RemoteEndPoint { get; init; }

    /// <summary>SSRC of the source we receive, or null before the first packet.</summary>
    public uint? RemoteSsrc { get; init; }

    /// <summary>The last fraction lost the peer reported about us (0-1), or null.</summary>
    public double? RemoteFractionLost { get; init; }

    /// <summary>
    /// When the last accepted RTP packet arrived, or null. The telephony layer can end a call whose
    /// media stopped (no RTP for, say, 60 s while not on hold).
    /// </summary>
    public DateTimeOffset? LastPacketReceivedAt { get; init; }

    /// <summary>Round-trip time from the peer's reports about our sender reports (RFC 3550 §6.4.1), or null.</summary>
    public TimeSpan? RoundTripTime { get; init; }

    /// <summary>RTCP compound packets sent.</summary>
    public long RtcpSent { get; init; }

    /// <summary>RTCP compound packets received.</summary>
    public long RtcpReceived { get; init; }

    /// <summary>The SRTP suite and keys in use, or null for plain RTP.</summary>
    public NegotiatedSrtp? Srtp { get; init; }

    /// <summary>SRTP packets that authenticated (RFC 3711 §3.3).</summary>
    public long SrtpAuthenticated { get; init; }

    /// <summary>SRTP packets dropped because they were malformed or their tag did not match (never played).</summary>
    public long SrtpAuthenticationFailures { get; init; }

    /// <summary>SRTP packets dropped as replays.</summary>
    public long SrtpReplayed { get; init; }

    /// <summary>SRTCP packets that authenticated.</summary>
    public long SrtcpAuthenticated { get; init; }

    /// <summary>SRTCP packets dropped: malformed, failing authentication, replayed, or plain RTCP.</summary>
    public long SrtcpDropped { get; init; }
}
