using System.Net;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media;

/// <summary>
/// The outcome of an offer/answer exchange for the audio stream, seen from our side.
/// </summary>
/// <param name="RemoteRtp">Where to send RTP; null when the peer gave no usable address (legacy hold <c>0.0.0.0</c>).</param>
/// <param name="RemoteRtcp">Where to send RTCP (<c>a=rtcp</c>, else RTP port + 1); null with <paramref name="RemoteRtp"/>.</param>
/// <param name="PayloadType">RTP payload type for audio, as numbered in the exchanged SDP.</param>
/// <param name="Codec">The audio codec.</param>
/// <param name="TelephoneEventPayloadType">RFC 4733 payload type, or null when the peer does not do RFC 4733.</param>
/// <param name="Ptime">Packetization time in milliseconds we send with.</param>
/// <param name="Direction">What we do: <see cref="MediaDirection.SendOnly"/> means we send and do not play what arrives.</param>
public sealed record NegotiatedAudio(
    IPEndPoint? RemoteRtp,
    IPEndPoint? RemoteRtcp,
    int PayloadType,
    AudioCodec Codec,
    int? TelephoneEventPayloadType,
    int Ptime,
    MediaDirection Direction)
{
    /// <summary>The SRTP keys and suite when the stream is <c>RTP/SAVP</c>, or null for plain RTP.</summary>
    public NegotiatedSrtp? Srtp { get; init; }
}
