using CtiConnector.Media.Codecs;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Sdp;

/// <summary>What we offer and accept for audio.</summary>
public sealed class AudioNegotiationOptions
{
    /// <summary>
    /// The defaults, shared: every property is init-only and the codec list is read-only, so one instance serves
    /// every call that does not choose its own.
    /// </summary>
    public static AudioNegotiationOptions Default { get; } = new();

    /// <summary>
    /// Codecs in our order of preference. An answer picks the first of these that the offer contains
    /// (so a provider that wants A-law first gets <c>[Pcma, Pcmu]</c>); an offer lists them in this order.
    /// </summary>
    public IReadOnlyList<AudioCodec> CodecPreference { get; init; } = [AudioCodec.Pcmu, AudioCodec.Pcma];

    /// <summary>Payload type we offer for RFC 4733 telephone-event (dynamic range 96-127).</summary>
    public int TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>Whether to offer and accept RFC 4733 telephone-event at all.</summary>
    public bool TelephoneEvents { get; init; } = true;

    /// <summary>
    /// Packetization time in milliseconds. The pump runs on 20 ms frames, so this stays 20: the
    /// value is written as <c>a=ptime</c> and reported in <see cref="NegotiatedAudio.Ptime"/>.
    /// </summary>
    public int Ptime { get; init; } = 20;

    /// <summary>
    /// SRTP with SDES keys: <see cref="MediaEncryption.None"/> offers plain RTP (an SRTP offer is still
    /// accepted), <see cref="MediaEncryption.Sdes"/> offers SRTP, <see cref="MediaEncryption.SdesRequired"/>
    /// offers SRTP and refuses plain RTP.
    /// </summary>
    public MediaEncryption Encryption { get; init; } = MediaEncryption.None;

    /// <summary>User name for the <c>o=</c> line.</summary>
    public string OriginUserName { get; init; } = "-";

    /// <summary>Session name for the <c>s=</c> line.</summary>
    public string SessionName { get; init; } = "CTI Connector";
}
