using CtiConnector.Media.Rtp;

namespace CtiConnector.Media;

/// <summary>A snapshot of a <see cref="MediaSession"/>'s counters.</summary>
public sealed record MediaStatistics
{
    /// <summary>RTP counters (sent, received, lost, jitter, remote address).</summary>
    public required RtpStatistics Rtp { get; init; }

    /// <summary>The current negotiation, or null before one.</summary>
    public NegotiatedAudio? Negotiated { get; init; }

    /// <summary>Frames the pump processed (one per 20 ms while started).</summary>
    public long Frames { get; init; }

    /// <summary>Frames of received audio played.</summary>
    public long FramesPlayed { get; init; }

    /// <summary>Frames concealed by the jitter buffer.</summary>
    public long FramesConcealed { get; init; }

    /// <summary>Packets the jitter buffer dropped as too late.</summary>
    public long LatePackets { get; init; }

    /// <summary>Packets the jitter buffer dropped as duplicates.</summary>
    public long DuplicatePackets { get; init; }

    /// <summary>Times the pump fell more than 200 ms behind and skipped frames.</summary>
    public long ClockSlips { get; init; }
}
