using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// A session description (RFC 8866). Parse one with <see cref="TryParse(string, out SessionDescription?, out SdpParseError?)"/>
/// (bad network input gives a typed <see cref="SdpParseError"/>, never an exception) and write it with
/// <see cref="ToString"/>. Lines the model has no property for (<c>u=</c>, <c>e=</c>, <c>r=</c>, ...) and
/// unknown attributes are kept, so a parsed body writes back with the same content.
/// <code>
/// v=0
/// o=- 1700000000 1700000000 IN IP4 192.0.2.10
/// s=-
/// c=IN IP4 192.0.2.10
/// t=0 0
/// m=audio 49170 RTP/AVP 0 8 101
/// </code>
/// </summary>
public sealed class SessionDescription
{
    /// <summary>Largest body accepted by the parser (bytes or characters).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Protocol version (<c>v=</c>), always 0.</summary>
    public int Version { get; set; }

    /// <summary>Origin (<c>o=</c>).</summary>
    public SdpOrigin Origin { get; set; } = new("-", "0", 0, "IN", "IP4", "0.0.0.0");

    /// <summary>Session name (<c>s=</c>); <c>-</c> when there is nothing to say (RFC 3264 §5).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Session information (<c>i=</c>), or null.</summary>
    public string? Information { get; set; }

    /// <summary>Session-level connection (<c>c=</c>), or null when every media section has its own.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Session bandwidth lines (<c>b=</c>), as written.</summary>
    public List<string> Bandwidths { get; } = [];

    /// <summary>Timing lines (<c>t=</c>); one <c>0 0</c> line for a VoIP call.</summary>
    public List<string> Timings { get; } = [];

    /// <summary>
    /// Other session-level lines kept verbatim, in order: <c>u=</c>, <c>e=</c>, <c>p=</c>, <c>r=</c>,
    /// <c>z=</c>, <c>k=</c>.
    /// </summary>
    public List<KeyValuePair<char, string>> OtherLines { get; } = [];

    /// <summary>Session-level attributes, unknown ones included.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>Media sections in order.</summary>
    public List<MediaDescription> Media { get; } = [];

    /// <summary>The session-level direction attribute, or null when there is none.</summary>
    public MediaDirection? Direction
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.Value is null && MediaDirectionExtensions.TryParseAttributeName(attribute.Name, out var d))
                {
                    return d;
                }
            }

            return null;
        }
    }

    /// <summary>The connection that applies to a media section: its own, else the session one.</summary>
    public SdpConnection? GetConnection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>The direction that applies to a media section: its own, else the session one, else sendrecv.</summary>
    public MediaDirection GetDirection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? MediaDirection.SendRecv;
    }

    /// <summary>Parses a session description from text. False, with a reason, when it is malformed.</summary>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseError? error) => SdpParser.TryParse(text, out description, out error);

    /// <summary>Parses a session description from a UTF-8 body (a SIP message body).</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseError? error)
    {
        description = null;
        if (utf8.Length > MaxLength)
        {
            error = new SdpParseError(SdpErrorKind.InvalidEncoding, 0, $"body of {utf8.Length} bytes exceeds {MaxLength}");
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            error = new SdpParseError(SdpErrorKind.InvalidEncoding, 0, "body is not valid UTF-8");
            return false;
        }

        return SdpParser.TryParse(text, out description, out error);
    }

    /// <summary>Writes the description in RFC 8866 order with CRLF line endings.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(512);
        Line(sb, 'v', "0");
        Line(sb, 'o', Origin.ToString());
        Line(sb, 's', SessionName.Length == 0 ? "-" : SessionName);
        if (Information is not null)
        {
            Line(sb, 'i', Information);
        }

        WriteOthers(sb, "uep");
        if (Connection is not null)
        {
            Line(sb, 'c', Connection.ToString());
        }

        foreach (var b in Bandwidths)
        {
            Line(sb, 'b', b);
        }

        if (Timings.Count == 0)
        {
            Line(sb, 't', "0 0");
        }

        foreach (var t in Timings)
        {
            Line(sb, 't', t);
        }

        WriteOthers(sb, "rzk");
        foreach (var a in Attributes)
        {
            Line(sb, 'a', a.ToString());
        }

        foreach (var m in Media)
        {
            Line(sb, 'm', m.ToMediaLine());
            if (m.Information is not null)
            {
                Line(sb, 'i', m.Information);
            }

            if (m.Connection is not null)
            {
                Line(sb, 'c', m.Connection.ToString());
            }

            foreach (var b in m.Bandwidths)
            {
                Line(sb, 'b', b);
            }

            foreach (var k in m.Keys)
            {
                Line(sb, 'k', k);
            }

            foreach (var a in m.Attributes)
            {
                Line(sb, 'a', a.ToString());
            }
        }

        return sb.ToString();
    }

    /// <summary>The description as a UTF-8 body.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(ToString());

    private void WriteOthers(StringBuilder sb, string types)
    {
        foreach (var type in types)
        {
            foreach (var line in OtherLines)
            {
                if (line.Key == type)
                {
                    Line(sb, type, line.Value);
                }
            }
        }
    }

    private static void Line(StringBuilder sb, char type, string value) =>
        sb.Append(type).Append('=').Append(value).Append("\r\n");
}
