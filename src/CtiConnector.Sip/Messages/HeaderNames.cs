namespace CtiConnector.Sip.Messages;

/// <summary>Canonical header names (RFC 3261 §20) and their compact forms (§7.3.3).</summary>
public static class HeaderNames
{
    private static readonly string[] s_canonical = BuildCanonical();

    /// <summary>The known ids by the length of their canonical name, so a lookup compares few names.</summary>
    private static readonly HeaderId[][] s_byLength = BuildLengthIndex();

    /// <summary>The canonical spelling used when writing a header.</summary>
    public static string Canonical(HeaderId id) => s_canonical[(int)id];

    /// <summary>Recognises a header name, full or compact, case-insensitively (RFC 3261 §7.3.1).</summary>
    public static HeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            // RFC 3261 §7.3.3 compact forms, plus RFC 3515 (r), RFC 3892 (b), RFC 3265 (o), RFC 4028 (x).
            return (name[0] | 0x20) switch
            {
                (byte)'v' => HeaderId.Via,
                (byte)'f' => HeaderId.From,
                (byte)'t' => HeaderId.To,
                (byte)'i' => HeaderId.CallId,
                (byte)'m' => HeaderId.Contact,
                (byte)'l' => HeaderId.ContentLength,
                (byte)'c' => HeaderId.ContentType,
                (byte)'e' => HeaderId.ContentEncoding,
                (byte)'k' => HeaderId.Supported,
                (byte)'r' => HeaderId.ReferTo,
                (byte)'b' => HeaderId.ReferredBy,
                (byte)'o' => HeaderId.Event,
                (byte)'x' => HeaderId.SessionExpires,
                _ => HeaderId.Other,
            };
        }

        if (name.Length >= s_byLength.Length)
        {
            return HeaderId.Other;
        }

        foreach (var id in s_byLength[name.Length])
        {
            if (AsciiEqualsIgnoreCase(name, s_canonical[(int)id]))
            {
                return id;
            }
        }

        return HeaderId.Other;
    }

    /// <summary>
    /// The full name of a compact form that has no <see cref="HeaderId"/> (RFC 3261 §7.3.3 Subject, and the
    /// IANA registry's others), or null. Lets the writer expand every compact form it meets.
    /// </summary>
    internal static string? ExpandCompact(char letter) => (char)(letter | 0x20) switch
    {
        's' => "Subject",
        'u' => "Allow-Events",
        'a' => "Accept-Contact",
        'j' => "Reject-Contact",
        'd' => "Request-Disposition",
        'y' => "Identity",
        'n' => "Identity-Info",
        _ => null,
    };

    /// <summary>Recognises a header name given as a string.</summary>
    public static HeaderId Identify(string name)
    {
        Span<byte> buffer = stackalloc byte[Math.Min(name.Length, 64)];
        if (name.Length > 64)
        {
            return HeaderId.Other;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c > 0x7F)
            {
                return HeaderId.Other;
            }

            buffer[i] = (byte)c;
        }

        return Identify(buffer);
    }

    /// <summary>Headers whose values may be comma-separated lists (RFC 3261 §7.3.1).</summary>
    public static bool IsList(HeaderId id) => id is HeaderId.Via or HeaderId.Contact or HeaderId.Route
        or HeaderId.RecordRoute or HeaderId.Allow or HeaderId.Supported or HeaderId.Require
        or HeaderId.ProxyRequire or HeaderId.Unsupported or HeaderId.Accept or HeaderId.ContentEncoding;

    /// <summary>Byte-for-byte equality of ASCII bytes and a string.</summary>
    internal static bool AsciiEquals(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    internal static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var c = text[i];
            if (b != c && (b | 0x20) != (c | 0x20))
            {
                return false;
            }

            if (b != c && !char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static HeaderId[][] BuildLengthIndex()
    {
        var longest = s_canonical.Max(n => n.Length);
        var index = new HeaderId[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            var ids = new List<HeaderId>();
            for (var i = 1; i < s_canonical.Length; i++)
            {
                if (s_canonical[i].Length == length)
                {
                    ids.Add((HeaderId)i);
                }
            }

            index[length] = [.. ids];
        }

        return index;
    }

    private static string[] BuildCanonical()
    {
        var names = new string[(int)HeaderId.RemotePartyId + 1];
        names[(int)HeaderId.Other] = string.Empty;
        names[(int)HeaderId.Via] = "Via";
        names[(int)HeaderId.From] = "From";
        names[(int)HeaderId.To] = "To";
        names[(int)HeaderId.CallId] = "Call-ID";
        names[(int)HeaderId.CSeq] = "CSeq";
        names[(int)HeaderId.MaxForwards] = "Max-Forwards";
        names[(int)HeaderId.Contact] = "Contact";
        names[(int)HeaderId.ContentLength] = "Content-Length";
        names[(int)HeaderId.ContentType] = "Content-Type";
        names[(int)HeaderId.Route] = "Route";
        names[(int)HeaderId.RecordRoute] = "Record-Route";
        names[(int)HeaderId.Expires] = "Expires";
        names[(int)HeaderId.MinExpires] = "Min-Expires";
        names[(int)HeaderId.Allow] = "Allow";
        names[(int)HeaderId.Supported] = "Supported";
        names[(int)HeaderId.Require] = "Require";
        names[(int)HeaderId.ProxyRequire] = "Proxy-Require";
        names[(int)HeaderId.Unsupported] = "Unsupported";
        names[(int)HeaderId.Accept] = "Accept";
        names[(int)HeaderId.UserAgent] = "User-Agent";
        names[(int)HeaderId.Server] = "Server";
        names[(int)HeaderId.WwwAuthenticate] = "WWW-Authenticate";
        names[(int)HeaderId.ProxyAuthenticate] = "Proxy-Authenticate";
        names[(int)HeaderId.Authorization] = "Authorization";
        names[(int)HeaderId.ProxyAuthorization] = "Proxy-Authorization";
        names[(int)HeaderId.AuthenticationInfo] = "Authentication-Info";
        names[(int)HeaderId.ReferTo] = "Refer-To";
        names[(int)HeaderId.ReferredBy] = "Referred-By";
        names[(int)HeaderId.Replaces] = "Replaces";
        names[(int)HeaderId.Event] = "Event";
        names[(int)HeaderId.SubscriptionState] = "Subscription-State";
        names[(int)HeaderId.SessionExpires] = "Session-Expires";
        names[(int)HeaderId.MinSE] = "Min-SE";
        names[(int)HeaderId.RetryAfter] = "Retry-After";
        names[(int)HeaderId.Timestamp] = "Timestamp";
        names[(int)HeaderId.ContentEncoding] = "Content-Encoding";
        names[(int)HeaderId.ContentDisposition] = "Content-Disposition";
        names[(int)HeaderId.PAssertedIdentity] = "P-Asserted-Identity";
        names[(int)HeaderId.RemotePartyId] = "Remote-Party-ID";
        return names;
    }
}
