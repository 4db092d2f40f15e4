namespace CtiConnector.Sip.Messages;

/// <summary>A SIP request: <c>METHOD Request-URI SIP/2.0</c> (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    private SipUri? _uri;
    private string _requestUriText;

    public SipRequest(string method, SipUri requestUri)
        : base(new SipHeaders())
    {
        Method = method;
        _uri = requestUri ?? throw new ArgumentNullException(nameof(requestUri));
        _requestUriText = requestUri.ToString();
    }

    internal SipRequest(string method, string requestUri, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        _requestUriText = requestUri;
    }

    public string Method { get; }

    public override bool IsRequest => true;

    /// <summary>The Request-URI as written on the wire.</summary>
    public string RequestUriText => _requestUriText;

    /// <summary>The parsed Request-URI, or null when it does not parse.</summary>
    public SipUri? RequestUri
    {
        get
        {
            if (_uri is null && SipUri.TryParse(_requestUriText, out var uri))
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
