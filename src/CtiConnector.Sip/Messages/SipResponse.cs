namespace CtiConnector.Sip.Messages;

/// <summary>A SIP response: <c>SIP/2.0 Status-Code Reason-Phrase</c> (RFC 3261 §7.2).</summary>
public sealed class SipResponse : SipMessage
{
    private string _reasonPhrase;

    public SipResponse(int statusCode, string? reasonPhrase = null)
        : this(statusCode, reasonPhrase ?? SipStatus.DefaultReason(statusCode), new SipHeaders())
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        ReasonPhrase = reasonPhrase ?? SipStatus.DefaultReason(statusCode);
    }

    internal SipResponse(int statusCode, string reasonPhrase, SipHeaders headers)
        : base(headers)
    {
        StatusCode = statusCode;
        _reasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    /// <summary>
    /// The reason phrase. Line breaks become spaces: one would end the status line (RFC 3261 §7.2), and
    /// reasons are often built from error messages.
    /// </summary>
    public string ReasonPhrase
    {
        get => _reasonPhrase;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _reasonPhrase = value.AsSpan().IndexOfAny('\r', '\n') >= 0 ? value.Replace('\r', ' ').Replace('\n', ' ') : value;
        }
    }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary><c>486 Busy Here</c>.</summary>
    public string StatusLine => $"{StatusCode} {ReasonPhrase}";
}
