using System.Globalization;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// One media section (RFC 8866 §5.14): the <c>m=</c> line and the lines after it.
/// <code>
/// m=audio 49170 RTP/AVP 0 8 101
/// c=IN IP4 192.0.2.10
/// a=rtpmap:101 telephone-event/8000
/// a=fmtp:101 0-16
/// a=ptime:20
/// a=sendrecv
/// </code>
/// </summary>
public sealed class MediaDescription
{
    /// <summary>Media type: <c>audio</c>, <c>video</c>, ...</summary>
    public string Media { get; set; } = "audio";

    /// <summary>Transport port; 0 marks a rejected or disabled stream (RFC 3264 §6).</summary>
    public int Port { get; set; }

    /// <summary>The optional <c>/count</c> after the port, or null.</summary>
    public int? PortCount { get; set; }

    /// <summary>Transport protocol, e.g. <c>RTP/AVP</c>.</summary>
    public string Protocol { get; set; } = "RTP/AVP";

    /// <summary>Media formats (RTP payload types for RTP profiles), in the writer's preference order.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>Media title (<c>i=</c>), or null.</summary>
    public string? Information { get; set; }

    /// <summary>Media-level connection (<c>c=</c>), overriding the session one; null when absent.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Bandwidth lines (<c>b=</c>), values as written.</summary>
    public List<string> Bandwidths { get; } = [];

    /// <summary>Encryption key lines (<c>k=</c>, obsolete), kept as written.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Attributes in order, unknown ones included.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The direction attribute of this section, or null when it has none.</summary>
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

        set
        {
            Attributes.RemoveAll(a => a.Value is null && MediaDirectionExtensions.TryParseAttributeName(a.Name, out _));
            if (value is { } direction)
            {
                Attributes.Add(new SdpAttribute(direction.ToAttributeName()));
            }
        }
    }

    /// <summary>The <c>a=ptime</c> value in milliseconds, or null when absent or malformed.</summary>
    public int? Ptime
    {
        get
        {
            var value = GetAttribute("ptime");
            return value is not null
                && double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms)
                && ms is > 0 and < 10_000
                ? (int)ms
                : null;
        }
    }

    /// <summary>Every well-formed <c>a=rtpmap</c> of this section.</summary>
    public IEnumerable<SdpRtpMap> RtpMaps
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (string.Equals(attribute.Name, "rtpmap", StringComparison.OrdinalIgnoreCase)
                    && SdpRtpMap.TryParse(attribute.Value, out var map))
                {
                    yield return map!;
                }
            }
        }
    }

    /// <summary>The value of the first attribute with this name (case-insensitive), or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The rtpmap for a payload type, or null when the section has none for it.</summary>
    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (var map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The format parameters (<c>a=fmtp:PT params</c>) of a payload type, or null.</summary>
    public string? GetFmtp(int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture);
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, "fmtp", StringComparison.OrdinalIgnoreCase)
                && attribute.Value is { } value
                && value.StartsWith(prefix, StringComparison.Ordinal)
                && value.Length > prefix.Length
                && value[prefix.Length] == ' ')
            {
                return value[(prefix.Length + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The <c>m=</c> line body as written after <c>m=</c>.</summary>
    public string ToMediaLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Media} {Port}{(PortCount is { } c ? "/" + c.ToString(CultureInfo.InvariantCulture) : string.Empty)} {Protocol} {string.Join(' ', Formats)}");
}
