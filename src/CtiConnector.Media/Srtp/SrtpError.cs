namespace CtiConnector.Media.Srtp;

/// <summary>Why a received SRTP or SRTCP packet was dropped.</summary>
public enum SrtpError
{
    /// <summary>No error: the packet is authentic and now decrypted.</summary>
    None,

    /// <summary>Too short for its header and tag, or not version 2.</summary>
    Malformed,

    /// <summary>The authentication tag does not match (forged, damaged, or another key).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already seen or is older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,
}
