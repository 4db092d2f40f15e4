namespace CtiConnector.Media.Srtp;

/// <summary>Whether a call's audio is encrypted (SRTP keyed by SDES, RFC 4568), per account.</summary>
public enum MediaEncryption
{
    /// <summary>Offer plain RTP (<c>RTP/AVP</c>); still accept an SRTP offer we can do.</summary>
    None,

    /// <summary>Offer SRTP (<c>RTP/SAVP</c> with <c>a=crypto</c>); accept plain RTP offers.</summary>
    Sdes,

    /// <summary>Offer SRTP and refuse plain RTP, offered or answered.</summary>
    SdesRequired,
}
