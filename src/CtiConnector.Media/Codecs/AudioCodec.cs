namespace CtiConnector.Media.Codecs;

/// <summary>Audio codecs this layer can encode and decode (RFC 3551 §4.5.14, G.711 at 8 kHz).</summary>
public enum AudioCodec
{
    /// <summary>G.711 µ-law, static payload type 0, SDP name <c>PCMU/8000</c>.</summary>
    Pcmu,

    /// <summary>G.711 A-law, static payload type 8, SDP name <c>PCMA/8000</c>.</summary>
    Pcma,
}
