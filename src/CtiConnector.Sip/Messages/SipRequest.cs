namespace CtiConnector.Sip.Messages;

/// <summary>A SIP request: <c>METHOD Request-URI SIP/2.0</c> (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    private SipUri? _uri;
    private string? _requestUriText;
    private ReadOnlyMemory<byte> _requestUriBytes;

    public SipRequest(string method, SipUri requestUri)
        : base(new SipHeaders())
    {
        // RFC 3261 §7.1: Method is a token.
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (!SipMethods.IsToken(method.AsSpan()))
        {
            throw new ArgumentException($"'{method}' is not a method token (RFC 3261 §7.1).", nameof(method));
        }

        Method = method;
        _uri = requestUri ?? throw new ArgumentNullException(nameof(requestUri));
        _requestUriText = requestUri.ToString();
    }

    /// <summary>A received request: the Request-URI stays as bytes until somebody reads it.</summary>
    internal SipRequest(string method, ReadOnlyMemory<byte> requestUri, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        _requestUriBytes = requestUri;
    }

    public string Method { get; }

    public override bool IsRequest => true;

    /// <summary>The Request-URI as written on the wire.</summary>
    public string RequestUriText => _requestUriText ??= System.Text.Encoding.UTF8.GetString(_requestUriBytes.Span);

    /// <summary>The parsed Request-URI, or null when it does not parse.</summary>
    public SipUri? RequestUri
    {
        get
        {
            if (_uri is null && SipUri.TryParse(RequestUriText, out var uri))
            {
                _uri = uri;
            }

            return _uri;
        }

        set
        {
            _uri = value ?? throw new ArgumentNullException(nameof(value));
            _requestUriText = value.ToString();
        }
    }
}
