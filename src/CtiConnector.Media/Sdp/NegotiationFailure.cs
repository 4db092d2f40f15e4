namespace CtiConnector.Media.Sdp;

/// <summary>Why an offer could not be answered or an answer could not be applied.</summary>
public enum NegotiationFailureKind
{
    /// <summary>No audio RTP stream with a non-zero port (answer with 488 Not Acceptable Here).</summary>
    NoAudioStream,

    /// <summary>An audio stream exists but offers none of our codecs (488).</summary>
    NoCommonCodec,

    /// <summary>The stream has no usable connection address.</summary>
    NoConnectionAddress,

    /// <summary>The answer rejected our audio stream (port 0).</summary>
    StreamRejected,

    /// <summary>The answer does not match our offer (different number of media sections, unknown payload type).</summary>
    AnswerMismatch,

    /// <summary>An SRTP stream whose <c>a=crypto</c> lines name no suite and key form we can use (488).</summary>
    NoCommonCrypto,

    /// <summary>Plain RTP where our policy requires SRTP (488).</summary>
    EncryptionRequired,
}

/// <summary>A negotiation failure with a reason suitable for a log line or a 488 Warning header.</summary>
/// <param name="Kind">Category.</param>
/// <param name="Detail">Human-readable explanation.</param>
public sealed record NegotiationFailure(NegotiationFailureKind Kind, string Detail)
{
    /// <summary>The SIP status code a UAS should answer an offer with: 488 Not Acceptable Here.</summary>
    public int SipStatusCode => 488;

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Detail}";
}
