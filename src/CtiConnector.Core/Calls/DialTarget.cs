using System.Diagnostics.CodeAnalysis;

namespace CtiConnector.Core.Calls;

/// <summary>
/// A validated dial target. Accepts a phone number with visual separators (<c>+33 1 23 45 67 89</c>,
/// <c>(01) 23.45.67.89</c>), <c>tel:</c> URIs (RFC 3966, including <c>;phone-context=+33</c> for a local number),
/// <c>callto:</c>/<c>callto://</c>, <c>sip:</c>/<c>sips:</c> URIs, <c>user@domain</c> and plain extensions or user names.
/// Refuses anything that could be taken for an option or smuggle syntax: a leading <c>-</c>, control characters,
/// spaces inside a URI, quotes and angle brackets.
/// </summary>
/// <param name="Dial">What is handed to the telephony layer: a number (<c>+33123456789</c>), a user, or a SIP URI.</param>
/// <param name="IsNumber">True when <see cref="Dial"/> is a phone number (digits, optional leading <c>+</c>, <c>*</c>, <c>#</c>).</param>
public sealed record DialTarget(string Dial, bool IsNumber)
{
    /// <summary>
    /// The phone number the call goes to, for contact lookups and the history's number: <see cref="Dial"/> itself when
    /// it is a number, or the user part of a SIP address that holds one (<c>sip:+33123456789@provider.example</c>), as
    /// an incoming call's number is read from its caller's address; null otherwise.
    /// </summary>
    public string? Number => IsNumber ? Dial : _userNumber;

    private string? _userNumber;

    /// <summary>Longest accepted target, in characters.</summary>
    public const int MaxLength = 256;

    private const string VisualSeparators = " \t.-()/[]\u00a0";

    /// <summary>Parses <paramref name="input"/>; on failure <paramref name="error"/> says why in one sentence.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out DialTarget? target, [NotNullWhen(false)] out string? error)
    {
        target = null;
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "The target is empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The target is longer than {MaxLength} characters.";
            return false;
        }

        if (text[0] == '-')
        {
            error = "The target must not start with '-'.";
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '"' or '<' or '>' or '\'' or '`' or '\\')
            {
                error = "The target contains a character that is not allowed.";
                return false;
            }
        }

        if (StartsWith(text, "sip:") || StartsWith(text, "sips:"))
        {
            return TryParseSipUri(text, out target, out error);
        }

        if (StartsWith(text, "tel:"))
        {
            return TryParseTel(Unescape(text[4..]), out target, out error);
        }

        if (StartsWith(text, "callto:"))
        {
            var rest = Unescape(text[7..]).TrimStart('/').TrimEnd('/');
            if (rest.Length > 0 && rest[0] == '-')
            {
                error = "The target must not start with '-'.";
                return false;
            }

            return TryParsePlain(rest, out target, out error);
        }

        return TryParsePlain(text, out target, out error);
    }

    private static bool TryParseSipUri(string text, out DialTarget? target, out string? error)
    {
        target = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var rest = text[(colon + 1)..];
        if (rest.Length == 0 || rest[0] == '-' || rest.AsSpan().IndexOfAny(" \t") >= 0)
        {
            error = "The SIP URI is malformed.";
            return false;
        }

        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at == 0 || at == rest.Length - 1)
        {
            error = "The SIP URI is malformed.";
            return false;
        }

        error = null;
        target = new DialTarget(text, false) { _userNumber = NumberInUser(at < 0 ? string.Empty : rest[..at]) };
        return true;
    }

    /// <summary>The user part of a SIP address as a phone number (escapes undone, separators and user parameters dropped), or null.</summary>
    private static string? NumberInUser(string user)
    {
        var semicolon = user.IndexOf(';', StringComparison.Ordinal);
        var number = StripSeparators(Unescape(semicolon < 0 ? user : user[..semicolon]));
        return LooksLikeNumber(number) ? number : null;
    }

    private static bool TryParseTel(string text, out DialTarget? target, out string? error)
    {
        target = null;
        var parameters = text.Split(';');
        var number = StripSeparators(parameters[0]);
        string? context = null;
        foreach (var parameter in parameters.AsSpan(1))
        {
            if (StartsWith(parameter.Trim(), "phone-context="))
            {
                context = parameter.Trim()["phone-context=".Length..];
            }
        }

        if (!LooksLikeNumber(number))
        {
            error = "The tel: URI does not hold a phone number.";
            return false;
        }

        // RFC 3966 §5.1.5: a local number is qualified by its context; a global-number context (+33) lets us write
        // the number in E.164, dropping the national trunk prefix 0.
        if (number[0] != '+' && context is not null)
        {
            var prefix = StripSeparators(context);
            if (prefix.Length > 1 && prefix[0] == '+' && IsDigits(prefix.AsSpan(1)) && IsDigits(number))
            {
                number = prefix + (number[0] == '0' ? number[1..] : number);
            }
        }

        error = null;
        target = new DialTarget(number, true);
        return true;
    }

    private static bool TryParsePlain(string text, out DialTarget? target, out string? error)
    {
        target = null;
        if (text.Length == 0 || text[0] == '-')
        {
            error = text.Length == 0 ? "The target is empty." : "The target must not start with '-'.";
            return false;
        }

        var number = StripSeparators(text);
        if (LooksLikeNumber(number))
        {
            error = null;
            target = new DialTarget(number, true);
            return true;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return TryParseAddress(text, at, out target, out error);
        }

        // A plain user or extension name, dialled at the account's domain.
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-' or '*' or '#' or ':'))
            {
                error = "The target is neither a phone number nor a SIP address.";
                return false;
            }
        }

        error = null;
        target = new DialTarget(text, false);
        return true;
    }

    /// <summary>
    /// An e-mail-style address, <c>jane@example.org</c>, dialled as <c>sip:jane@example.org</c> (the SIP.edu idea: people
    /// reached at their address). The user part takes RFC 3261 §25.1 user characters (unreserved and
    /// <c>&amp; = + $ ,</c>); the domain is a host name, an IPv4 address or a bracketed IPv6 address, with an optional port.
    /// </summary>
    private static bool TryParseAddress(string text, int at, out DialTarget? target, out string? error)
    {
        target = null;
        var user = text.AsSpan(0, at);
        var host = text.AsSpan(at + 1);
        if (user.IsEmpty || host.IsEmpty || host.Contains('@'))
        {
            error = $"'{text}' is not an address: write it as user@domain, such as jane@example.org.";
            return false;
        }

        foreach (var c in user)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-' or '!' or '*' or '&' or '=' or '+' or '$' or ',' or '#'))
            {
                error = $"'{text}' is not an address: the part before '@' holds '{c}'.";
                return false;
            }
        }

        if (!IsHostPort(host))
        {
            error = $"'{text}' is not an address: '{host}' is not a domain name or IP address.";
            return false;
        }

        error = null;
        target = new DialTarget(text, false) { _userNumber = NumberInUser(text[..at]) };
        return true;
    }

    /// <summary>RFC 3261 §25.1 hostport: a host name (labels of letters, digits and inner hyphens), IPv4 or [IPv6], then an optional :port.</summary>
    private static bool IsHostPort(ReadOnlySpan<char> text)
    {
        var host = text;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0 || !System.Net.IPAddress.TryParse(text[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = default;
            text = text[(close + 1)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            host = colon >= 0 ? text[..colon] : text;
            text = colon >= 0 ? text[colon..] : default;
        }

        if (!text.IsEmpty && (text[0] != ':' || !ushort.TryParse(text[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port == 0))
        {
            return false;
        }

        if (host.IsEmpty)
        {
            return true;
        }

        if (host[^1] == '.')
        {
            host = host[..^1];
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.IsEmpty || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string StripSeparators(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (!VisualSeparators.Contains(c, StringComparison.Ordinal))
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer[..length]);
    }

    private static bool LooksLikeNumber(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c is '*' or '#' || (c == '+' && i == 0)))
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');

    private static bool StartsWith(string text, string prefix) => text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text).Trim();
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
