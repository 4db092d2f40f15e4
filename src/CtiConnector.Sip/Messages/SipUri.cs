using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>
/// A SIP, SIPS (RFC 3261 §19.1) or tel (RFC 3966) URI. Other schemes parse too, kept opaque in
/// <see cref="Opaque"/>, so a request naming one can be answered 416 rather than dropped.
/// <example><c>sip:alice:secret@[2001:db8::1]:5070;transport=tcp;lr?Subject=hi</c>,
/// <c>tel:01-23-45-67-89;phone-context=+33</c></example>
/// </summary>
public sealed class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    /// <summary>Lower-case scheme: <c>sip</c>, <c>sips</c>, <c>tel</c> or another.</summary>
    public string Scheme { get; }

    /// <summary>The user part as written (still %-escaped), or for tel: the number. Null when absent.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Host name or address, without the brackets of an IPv6 reference. Empty for tel: URIs.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The port, or null when the URI names none (the transport default applies).</summary>
    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>The <c>?a=b&amp;c=d</c> headers part without the '?', or null.</summary>
    public string? Headers { get; set; }

    /// <summary>Everything after the colon, for schemes this stack does not know.</summary>
    public string? Opaque { get; private set; }

    public bool IsSip => Scheme is "sip" or "sips";

    public bool IsSecure => Scheme == "sips";

    public bool IsTel => Scheme == "tel";

    /// <summary>The user part with %-escapes decoded.</summary>
    public string? UserUnescaped => User is null ? null : Unescape(User);

    /// <summary>The <c>transport</c> parameter in lower case, or null.</summary>
    public string? Transport => Parameters["transport"]?.ToLowerInvariant();

    public static SipUri Sip(string? user, string host, int? port = null, bool secure = false) =>
        new(secure ? "sips" : "sip") { User = user, Host = host, Port = port };

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"Not a valid URI: '{text}'.");

    /// <summary>Parses a URI; false when it is malformed (no scheme, bad host, bad port, unterminated IPv6 reference...).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        return text is not null && TryParse(text.AsSpan(), out uri);
    }

    /// <summary>Parses a URI from a slice of a header value without copying it first.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        var span = text.Trim();
        var colon = span.IndexOf(':');
        if (colon <= 0 || !IsSchemeToken(span[..colon]))
        {
            return false;
        }

        var scheme = SchemeString(span[..colon]);
        var rest = span[(colon + 1)..];
        var result = new SipUri(scheme);
        var ok = scheme switch
        {
            "sip" or "sips" => TryParseSip(rest, result),
            "tel" => TryParseTel(rest, result),
            _ => SetOpaque(rest, result),
        };
        if (ok)
        {
            uri = result;
        }

        return ok;
    }

    public SipUri Clone()
    {
        var copy = (SipUri)MemberwiseClone();
        copy.Parameters = Parameters.Clone();
        return copy;
    }

    /// <summary>The host and port as <c>host:port</c> (IPv6 in brackets); the port only when present.</summary>
    public string HostPort
    {
        get
        {
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return Port is { } p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;
        }
    }

    /// <summary>
    /// URI comparison of RFC 3261 §19.1.4, simplified: scheme, user (case-sensitive, unescaped), host
    /// (case-insensitive), port, and the transport/user/method/maddr/ttl parameters.
    /// </summary>
    public bool IsEquivalentTo(SipUri? other)
    {
        if (other is null || other.Scheme != Scheme)
        {
            return false;
        }

        if (Opaque is not null || other.Opaque is not null)
        {
            return string.Equals(Opaque, other.Opaque, StringComparison.Ordinal);
        }

        if (!string.Equals(UserUnescaped, other.UserUnescaped, StringComparison.Ordinal)
            || !string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
            || Port != other.Port)
        {
            return false;
        }

        foreach (var name in (string[])["transport", "user", "method", "maddr", "ttl"])
        {
            if (!string.Equals(Parameters[name], other.Parameters[name], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64);
        AppendTo(builder);
        return builder.ToString();
    }

    public void AppendTo(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(Scheme).Append(':');
        if (Opaque is not null)
        {
            builder.Append(Opaque);
            return;
        }

        if (IsTel)
        {
            builder.Append(User);
            Parameters.AppendTo(builder);
            return;
        }

        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }

            builder.Append('@');
        }

        builder.Append(HostPort);
        Parameters.AppendTo(builder);
        if (Headers is not null)
        {
            builder.Append('?').Append(Headers);
        }
    }

    /// <summary>Escapes a user part: keeps unreserved and user-unreserved characters (RFC 3261 §25.1), escapes the rest.</summary>
    public static string EscapeUser(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var builder = new StringBuilder(user.Length);
        foreach (var b in Encoding.UTF8.GetBytes(user))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    internal static string Unescape(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length
                && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool TryParseSip(ReadOnlySpan<char> rest, SipUri uri)
    {
        // RFC 3261 §25.1: '@' may appear unescaped only in the userinfo, which may itself hold ';' and '?'
        // (user-unreserved); so the userinfo ends at the last '@', and parameters and headers follow the host.
        var at = rest.LastIndexOf('@');
        var headersAt = rest[(at + 1)..].IndexOf('?');
        if (headersAt >= 0)
        {
            headersAt += at + 1;
            uri.Headers = rest[(headersAt + 1)..].ToString();
            rest = rest[..headersAt];
        }

        if (at >= 0)
        {
            var userInfo = rest[..at];
            if (userInfo.IsEmpty)
            {
                return false;
            }

            var pw = userInfo.IndexOf(':');
            if (pw >= 0)
            {
                uri.User = userInfo[..pw].ToString();
                uri.Password = userInfo[(pw + 1)..].ToString();
            }
            else
            {
                uri.User = userInfo.ToString();
            }

            if (uri.User.AsSpan().ContainsAny(" \t<>\"") || uri.User.Length == 0)
            {
                return false;
            }

            rest = rest[(at + 1)..];
        }

        var semi = rest.IndexOf(';');
        var hostPort = semi >= 0 ? rest[..semi] : rest;
        if (!TryParseHostPort(hostPort, uri))
        {
            return false;
        }

        return semi < 0 || SipParameters.TryParse(rest[semi..], uri.Parameters);
    }

    /// <summary>The shared lower-case string for the usual schemes (no allocation), a new one otherwise.</summary>
    private static string SchemeString(ReadOnlySpan<char> scheme) => scheme switch
    {
        _ when scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) => "sip",
        _ when scheme.Equals("sips", StringComparison.OrdinalIgnoreCase) => "sips",
        _ when scheme.Equals("tel", StringComparison.OrdinalIgnoreCase) => "tel",
        _ => scheme.ToString().ToLowerInvariant(),
    };

    private static bool TryParseHostPort(ReadOnlySpan<char> hostPort, SipUri uri)
    {
        if (!TryParseHostPort(hostPort, out var host, out var port))
        {
            return false;
        }

        uri.Host = host;
        uri.Port = port;
        return true;
    }

    /// <summary>hostport = host [ ":" port ] (RFC 3261 §25.1), an IPv6 reference in brackets; the host comes back without them.</summary>
    internal static bool TryParseHostPort(ReadOnlySpan<char> hostPort, [NotNullWhen(true)] out string? hostText, out int? portNumber)
    {
        hostText = null;
        portNumber = null;
        string parsedHost;
        int? parsedPort = null;
        if (hostPort.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<char> portPart = default;
        if (hostPort[0] == '[')
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            var v6 = hostPort[1..close];
            if (!IPAddress.TryParse(v6, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            parsedHost = v6.ToString();
            var after = hostPort[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portPart = after[1..];
                if (portPart.IsEmpty)
                {
                    return false;
                }
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            var host = colon >= 0 ? hostPort[..colon] : hostPort;
            if (colon >= 0)
            {
                portPart = hostPort[(colon + 1)..];
                if (portPart.IsEmpty)
                {
                    return false;
                }
            }

            if (!IsHostName(host))
            {
                return false;
            }

            parsedHost = host.ToString();
        }

        if (!portPart.IsEmpty)
        {
            if (!int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return false;
            }

            parsedPort = port;
        }

        hostText = parsedHost;
        portNumber = parsedPort;
        return true;
    }

    private static bool TryParseTel(ReadOnlySpan<char> rest, SipUri uri)
    {
        var semi = rest.IndexOf(';');
        var number = semi >= 0 ? rest[..semi] : rest;
        if (number.IsEmpty)
        {
            return false;
        }

        // RFC 3966 §3: a global number is "+" then digits; '+' appears nowhere else.
        if (number.LastIndexOf('+') > 0 || number is ['+'])
        {
            return false;
        }

        foreach (var c in number)
        {
            // RFC 3966 §3: digits, visual separators, '+' first for global numbers, and the DTMF letters.
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or '(' or ')' or '*' or '#' || char.IsAsciiHexDigit(c) || c == 'p' || c == 'w'))
            {
                return false;
            }
        }

        uri.User = number.ToString();
        return semi < 0 || SipParameters.TryParse(rest[semi..], uri.Parameters);
    }

    private static bool SetOpaque(ReadOnlySpan<char> rest, SipUri uri)
    {
        uri.Opaque = rest.ToString();
        return true;
    }

    private static bool IsSchemeToken(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
