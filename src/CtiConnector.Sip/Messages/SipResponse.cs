namespace CtiConnector.Sip.Messages;

/// <summary>A SIP response: <c>SIP/2.0 Status-Code Reason-Phrase</c> (RFC 3261 §7.2).</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null)
        : this(statusCode, reasonPhrase ?? SipStatus.DefaultReason(statusCode), new SipHeaders())
    {
    }

    internal SipResponse(int statusCode, string reasonPhrase, SipHeaders headers)
        : base(headers)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; set; }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary><c>486 Busy Here</c>.</summary>
    public string StatusLine => $"{StatusCode} {ReasonPhrase}";
}
