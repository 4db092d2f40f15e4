using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// Stateless RFC 8866 parser. Accepts CRLF or bare LF line ends (§5: parsers should), keeps
/// unknown attributes, and refuses anything malformed with a typed <see cref="SdpParseError"/>.
/// </summary>
internal static class SdpParser
{
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseError? error)
    {
        description = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new SdpParseError(SdpErrorKind.Empty, 0, "no session description");
            return false;
        }

        if (text.Length > SessionDescription.MaxLength)
        {
            error = new SdpParseError(SdpErrorKind.InvalidEncoding, 0, $"body longer than {SessionDescription.MaxLength}");
            return false;
        }

        var sdp = new SessionDescription();
        MediaDescription? media = null;
        bool sawVersion = false, sawOrigin = false, sawName = false;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            if (line.Length == 0)
            {
                // Trailing empty line after the last CRLF, or a stray blank line: tolerated.
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
            {
                error = new SdpParseError(SdpErrorKind.MalformedLine, lineNumber, $"expected <type>=<value>, got '{Truncate(line)}'");
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                // RFC 8866 §5.1: the description starts with v=0.
                if (type != 'v' || value.Trim() != "0")
                {
                    error = new SdpParseError(SdpErrorKind.UnsupportedVersion, lineNumber, "first line must be v=0");
                    return false;
                }

                sawVersion = true;
                continue;
            }

            switch (type)
            {
                case 'v':
                    error = new SdpParseError(SdpErrorKind.DuplicateLine, lineNumber, "second v= line");
                    return false;
                case 'o':
                    if (sawOrigin || media is not null)
                    {
                        error = new SdpParseError(SdpErrorKind.DuplicateLine, lineNumber, "o= must appear once, at session level");
                        return false;
                    }

                    if (!TryParseOrigin(value, out var origin))
                    {
                        error = new SdpParseError(SdpErrorKind.InvalidOrigin, lineNumber, $"malformed origin '{Truncate(value)}'");
                        return false;
                    }

                    sdp.Origin = origin;
                    sawOrigin = true;
                    break;
                case 's':
                    if (sawName || media is not null)
                    {
                        error = new SdpParseError(SdpErrorKind.DuplicateLine, lineNumber, "s= must appear once, at session level");
                        return false;
                    }

                    sdp.SessionName = value;
                    sawName = true;
                    break;
                case 'i':
                    if (media is null)
                    {
                        sdp.Information = value;
                    }
                    else
                    {
                        media.Information = value;
                    }

                    break;
                case 'c':
                    if (!TryParseConnection(value, out var connection))
                    {
                        error = new SdpParseError(SdpErrorKind.InvalidConnection, lineNumber, $"malformed connection '{Truncate(value)}'");
                        return false;
                    }

                    if (media is null)
                    {
                        sdp.Connection = connection;
                    }
                    else
                    {
                        media.Connection = connection;
                    }

                    break;
                case 'b':
                    (media?.Bandwidths ?? sdp.Bandwidths).Add(value);
                    break;
                case 't':
                    if (media is not null)
                    {
                        error = new SdpParseError(SdpErrorKind.MalformedLine, lineNumber, "t= inside a media section");
                        return false;
                    }

                    sdp.Timings.Add(value);
                    break;
                case 'k':
                    if (media is null)
                    {
                        sdp.OtherLines.Add(new(type, value));
                    }
                    else
                    {
                        media.Keys.Add(value);
                    }

                    break;
                case 'u' or 'e' or 'p' or 'r' or 'z':
                    if (media is not null)
                    {
                        error = new SdpParseError(SdpErrorKind.MalformedLine, lineNumber, $"{type}= inside a media section");
                        return false;
                    }

                    sdp.OtherLines.Add(new(type, value));
                    break;
                case 'a':
                    (media?.Attributes ?? sdp.Attributes).Add(ParseAttribute(value));
                    break;
                case 'm':
                    if (!TryParseMedia(value, out media, out var reason))
                    {
                        error = new SdpParseError(SdpErrorKind.InvalidMedia, lineNumber, reason);
                        return false;
                    }

                    sdp.Media.Add(media);
                    break;
                default:
                    // RFC 8866 §5: a description with a type letter the parser does not understand is ignored.
                    error = new SdpParseError(SdpErrorKind.UnknownLineType, lineNumber, $"unknown line type '{type}='");
                    return false;
            }
        }

        if (!sawVersion)
        {
            error = new SdpParseError(SdpErrorKind.Empty, 0, "no session description");
            return false;
        }

        if (!sawOrigin)
        {
            error = new SdpParseError(SdpErrorKind.MissingLine, 0, "o= line is mandatory");
            return false;
        }

        if (!sawName)
        {
            error = new SdpParseError(SdpErrorKind.MissingLine, 0, "s= line is mandatory");
            return false;
        }

        description = sdp;
        return true;
    }

    private static SdpAttribute ParseAttribute(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(value.Trim()) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
    }

    private static bool TryParseOrigin(string value, [NotNullWhen(true)] out SdpOrigin? origin)
    {
        origin = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6 || !IsDigits(parts[1]) || !IsDigits(parts[2])
            || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        origin = new SdpOrigin(parts[0], parts[1], version, parts[3], parts[4], parts[5]);
        return true;
    }

    private static bool TryParseConnection(string value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        connection = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        var address = parts[2];
        string? suffix = null;
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            suffix = address[(slash + 1)..];
            address = address[..slash];
        }

        if (address.Length == 0)
        {
            return false;
        }

        // An IP4/IP6 address that looks numeric must be a valid one; host names are allowed.
        if (parts[1] == "IP4" && address.All(c => char.IsAsciiDigit(c) || c == '.')
            && !System.Net.IPAddress.TryParse(address, out _))
        {
            return false;
        }

        connection = new SdpConnection(parts[0], parts[1], address, suffix);
        return true;
    }

    private static bool TryParseMedia(string value, [NotNullWhen(true)] out MediaDescription? media, out string reason)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            reason = "m= needs media, port, protocol and at least one format";
            return false;
        }

        var portText = parts[1];
        int? count = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c <= 0)
            {
                reason = $"bad port count in '{Truncate(portText)}'";
                return false;
            }

            count = c;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            reason = $"bad port '{Truncate(portText)}'";
            return false;
        }

        var isRtp = parts[2].StartsWith("RTP/", StringComparison.OrdinalIgnoreCase);
        media = new MediaDescription { Media = parts[0], Port = port, PortCount = count, Protocol = parts[2] };
        for (var i = 3; i < parts.Length; i++)
        {
            // RFC 8866 §5.14: for RTP profiles the formats are payload type numbers.
            if (isRtp && (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127))
            {
                media = null;
                reason = $"bad RTP payload type '{Truncate(parts[i])}'";
                return false;
            }

            media.Formats.Add(parts[i]);
        }

        reason = string.Empty;
        return true;
    }

    private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
