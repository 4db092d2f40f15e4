using System.Globalization;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>A SIP request or response: start line, headers, body (RFC 3261 §7).</summary>
public abstract class SipMessage
{
    private ViaHeader? _topVia;
    private NameAddress? _from;
    private NameAddress? _to;

    protected SipMessage(SipHeaders headers)
    {
        Headers = headers;
    }

    public SipHeaders Headers { get; }

    /// <summary>The protocol version of the start line (<c>SIP/2.0</c>).</summary>
    public string Version { get; set; } = "SIP/2.0";

    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>Where the message came from, for received messages (set by the transport).</summary>
    public SipEndPoint? Source { get; set; }

    public abstract bool IsRequest { get; }

    public string? CallId
    {
        get => Headers[HeaderId.CallId];
        set => Headers.Set(HeaderId.CallId, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public CSeqHeader? CSeq => CSeqHeader.TryParse(Headers.GetRaw(HeaderId.CSeq), out var cseq) ? cseq : null;

    /// <summary>The first Via value, parsed (cached until the Via headers change through <see cref="InvalidateParsedHeaders"/>).</summary>
    public ViaHeader? TopVia
    {
        get
        {
            if (_topVia is null && Headers[HeaderId.Via] is { } first
                && ViaHeader.TryParse(HeaderValueSplitter.First(first), out var via))
            {
                _topVia = via;
            }

            return _topVia;
        }
    }

    public NameAddress? From => _from ??= NameAddress.TryParse(Headers[HeaderId.From], out var value) ? value : null;

    public NameAddress? To => _to ??= NameAddress.TryParse(Headers[HeaderId.To], out var value) ? value : null;

    public string? FromTag => From?.Tag;

    public string? ToTag => To?.Tag;

    public string? ContentType => Headers[HeaderId.ContentType];

    /// <summary>The Content-Length header's value, or null when absent or not a number.</summary>
    public int? ContentLength =>
        int.TryParse(Headers.GetRaw(HeaderId.ContentLength).Trim(" \t"u8), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    public int? Expires =>
        int.TryParse(Headers[HeaderId.Expires], NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : null;

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Forgets parsed copies of Via/From/To after headers are edited directly.</summary>
    public void InvalidateParsedHeaders()
    {
        _topVia = null;
        _from = null;
        _to = null;
    }

    /// <summary>Sets the From header (and forgets the parsed copy).</summary>
    public void SetFrom(NameAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Headers.Set(HeaderId.From, value.ToString());
        _from = null;
    }

    public void SetTo(NameAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Headers.Set(HeaderId.To, value.ToString());
        _to = null;
    }

    /// <summary>Sets the body and its Content-Type (Content-Length is written by the writer).</summary>
    public void SetBody(string contentType, ReadOnlyMemory<byte> body)
    {
        Headers.Set(HeaderId.ContentType, contentType);
        Body = body;
    }

    public byte[] ToBytes() => SipMessageWriter.Write(this);

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
