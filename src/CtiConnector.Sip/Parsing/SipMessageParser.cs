using System.Buffers.Text;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Parsing;

/// <summary>
/// Parses SIP messages from bytes (RFC 3261 §7). Stateless: the same call on the same bytes gives the
/// same answer. Returns <see cref="SipParseStatus.NeedMore"/> on an incomplete stream without consuming
/// anything, and <see cref="SipParseStatus.Invalid"/> with a typed reason on malformed input. Header
/// values are not decoded into strings here: the message keeps offsets into <c>input</c> and decodes
/// a value when it is first asked for. Size limits are the caller's job (see <see cref="FindMessageEnd"/>).
/// </summary>
public static class SipMessageParser
{
    /// <summary>
    /// Parses one message at the start of <paramref name="input"/>.
    /// </summary>
    /// <param name="input">The bytes; the parsed message refers to this memory, so the caller must not reuse it.</param>
    /// <param name="isStream">
    /// True for TCP/TLS: the message ends where Content-Length says (RFC 3261 §18.3; a missing Content-Length
    /// counts as zero) and more bytes may follow. False for a datagram: the message is the whole datagram, and the
    /// body is what follows the headers, cut to Content-Length when that is shorter.
    /// </param>
    /// <param name="consumed">Bytes that made up the message (zero unless <see cref="SipParseStatus.Complete"/>).</param>
    public static SipParseStatus TryParse(
        ReadOnlyMemory<byte> input,
        bool isStream,
        out SipMessage? message,
        out int consumed,
        out SipParseError error)
    {
        message = null;
        consumed = 0;
        error = SipParseError.None;
        var span = input.Span;
        if (span.IsEmpty)
        {
            error = SipParseError.Empty;
            return isStream ? SipParseStatus.NeedMore : SipParseStatus.Invalid;
        }

        var headerEnd = FindHeaderEnd(span, out var bodyStart);
        if (headerEnd < 0)
        {
            if (isStream)
            {
                return SipParseStatus.NeedMore;
            }

            // A datagram whose last header line ends without the empty line: accept it as header-only.
            if (span[^1] != (byte)'\n')
            {
                error = SipParseError.NoHeaderTerminator;
                return SipParseStatus.Invalid;
            }

            headerEnd = span.Length;
            bodyStart = span.Length;
        }

        // Start line.
        var firstLineEnd = span.IndexOf((byte)'\n');
        var startLine = TrimCr(span[..firstLineEnd]);
        var headerBlock = span[(firstLineEnd + 1)..headerEnd];
        var lineCount = headerBlock.Count((byte)'\n') + 1;
        var headers = new SipHeaders(input, lineCount);

        if (!ParseHeaders(headerBlock, firstLineEnd + 1, headers, out error))
        {
            return SipParseStatus.Invalid;
        }

        // Body framing.
        var lengthRaw = headers.GetRaw(HeaderId.ContentLength).Trim(" \t\r\n"u8);
        var contentLength = -1;
        if (!lengthRaw.IsEmpty)
        {
            if (!Utf8Parser.TryParse(lengthRaw, out int parsedLength, out var used) || used != lengthRaw.Length || parsedLength < 0)
            {
                if (isStream)
                {
                    error = SipParseError.BadContentLength;
                    return SipParseStatus.Invalid;
                }
            }
            else
            {
                contentLength = parsedLength;
            }
        }

        int messageEnd;
        if (isStream)
        {
            var length = Math.Max(contentLength, 0);
            if ((long)bodyStart + length > span.Length)
            {
                return SipParseStatus.NeedMore;
            }

            messageEnd = bodyStart + length;
        }
        else
        {
            messageEnd = contentLength >= 0 && bodyStart + contentLength < span.Length ? bodyStart + contentLength : span.Length;
        }

        if (!ParseStartLine(startLine, headers, out var result, out error))
        {
            return SipParseStatus.Invalid;
        }

        result.Body = input[bodyStart..messageEnd];
        message = result;
        consumed = isStream ? messageEnd : span.Length;
        return SipParseStatus.Complete;
    }

    /// <summary>
    /// Finds where a stream-framed message ends without building it: the length of the message at the start
    /// of <paramref name="input"/>, or -1 when more bytes are needed. Lets a transport enforce its size limit
    /// before buffering a body. Returns -2 when the Content-Length is unusable.
    /// </summary>
    public static int FindMessageEnd(ReadOnlySpan<byte> input)
    {
        var headerEnd = FindHeaderEnd(input, out var bodyStart);
        if (headerEnd < 0)
        {
            return -1;
        }

        var length = 0;
        var block = input[..headerEnd];
        var lineStart = 0;
        while (lineStart < block.Length)
        {
            var nl = block[lineStart..].IndexOf((byte)'\n');
            var line = nl < 0 ? block[lineStart..] : block[lineStart..(lineStart + nl)];
            lineStart = nl < 0 ? block.Length : lineStart + nl + 1;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].TrimEnd(" \t"u8);
            if (HeaderNames.Identify(name) != HeaderId.ContentLength)
            {
                continue;
            }

            var value = TrimCr(line[(colon + 1)..]).Trim(" \t"u8);
            if (!Utf8Parser.TryParse(value, out length, out var used) || used != value.Length || length < 0)
            {
                return -2;
            }
        }

        var end = (long)bodyStart + length;
        return end > input.Length ? -1 : (int)end;
    }

    /// <summary>How many CRLF keep-alive bytes (RFC 5626 §3.5.1) start the stream.</summary>
    public static int CountKeepAliveBytes(ReadOnlySpan<byte> input)
    {
        var i = 0;
        while (i < input.Length && input[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> span, out int bodyStart)
    {
        // The header block ends at an empty line: CRLF CRLF, tolerating bare LF line ends.
        var from = 0;
        while (true)
        {
            var nl = span[from..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                bodyStart = -1;
                return -1;
            }

            var at = from + nl + 1;
            if (at < span.Length && span[at] == (byte)'\n')
            {
                bodyStart = at + 1;
                return at;
            }

            if (at + 1 < span.Length && span[at] == (byte)'\r' && span[at + 1] == (byte)'\n')
            {
                bodyStart = at + 2;
                return at;
            }

            if (at + 1 >= span.Length)
            {
                bodyStart = -1;
                return -1;
            }

            from = at;
        }
    }

    private static bool ParseHeaders(ReadOnlySpan<byte> block, int offset, SipHeaders headers, out SipParseError error)
    {
        error = SipParseError.None;
        var i = 0;
        while (i < block.Length)
        {
            // One header field: name, optional whitespace, ':', value up to a line end not followed by WSP.
            var nameStart = i;
            while (i < block.Length && SipMethods.IsTokenChar(block[i]))
            {
                i++;
            }

            var nameEnd = i;
            while (i < block.Length && block[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            if (nameEnd == nameStart || i >= block.Length || block[i] != (byte)':')
            {
                error = SipParseError.BadHeaderLine;
                return false;
            }

            i++;
            while (i < block.Length && block[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            var valueStart = i;
            var valueEnd = i;
            while (i < block.Length)
            {
                var nl = block[i..].IndexOf((byte)'\n');
                var lineEnd = nl < 0 ? block.Length : i + nl;
                valueEnd = lineEnd > i && block[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
                i = nl < 0 ? block.Length : lineEnd + 1;

                // RFC 3261 §7.3.1: a line starting with whitespace continues the previous one.
                if (i < block.Length && block[i] is (byte)' ' or (byte)'\t')
                {
                    continue;
                }

                break;
            }

            while (valueEnd > valueStart && block[valueEnd - 1] is (byte)' ' or (byte)'\t')
            {
                valueEnd--;
            }

            if (valueEnd - valueStart > ushort.MaxValue || nameEnd - nameStart > ushort.MaxValue)
            {
                error = SipParseError.TooLarge;
                return false;
            }

            var id = HeaderNames.Identify(block[nameStart..nameEnd]);
            headers.AddParsed(id, offset + nameStart, nameEnd - nameStart, offset + valueStart, Math.Max(0, valueEnd - valueStart));
        }

        return true;
    }

    private static bool ParseStartLine(ReadOnlySpan<byte> line, SipHeaders headers, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SipMessage? message, out SipParseError error)
    {
        message = null;
        error = SipParseError.None;
        if (line.StartsWith("SIP/"u8) || line.StartsWith("sip/"u8))
        {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            var sp = line.IndexOf((byte)' ');
            if (sp < 0 || !IsVersion(line[..sp]))
            {
                error = SipParseError.BadStartLine;
                return false;
            }

            var version = line[..sp];
            var rest = line[(sp + 1)..];
            if (rest.Length < 3 || !IsDigit(rest[0]) || !IsDigit(rest[1]) || !IsDigit(rest[2]) || (rest.Length > 3 && rest[3] != (byte)' '))
            {
                error = SipParseError.BadStatusCode;
                return false;
            }

            var code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
            if (code < 100)
            {
                error = SipParseError.BadStatusCode;
                return false;
            }

            var reason = rest.Length > 4 ? System.Text.Encoding.UTF8.GetString(rest[4..]) : string.Empty;
            message = new SipResponse(code, reason, headers) { Version = VersionString(version) };
            return true;
        }

        // Request-Line = Method SP Request-URI SP SIP-Version (single spaces, RFC 3261 §7.1)
        var first = line.IndexOf((byte)' ');
        if (first <= 0)
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        var method = line[..first];
        var afterMethod = line[(first + 1)..];
        var second = afterMethod.IndexOf((byte)' ');
        if (second <= 0 || !SipMethods.IsToken(method))
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        var uri = afterMethod[..second];
        var versionPart = afterMethod[(second + 1)..];
        if (versionPart.Contains((byte)' ') || versionPart.Contains((byte)'\t') || uri.Contains((byte)'\t'))
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        if (!IsVersion(versionPart))
        {
            error = SipParseError.BadVersion;
            return false;
        }

        message = new SipRequest(SipMethods.FromBytes(method), System.Text.Encoding.UTF8.GetString(uri), headers)
        {
            Version = VersionString(versionPart),
        };
        return true;
    }

    private static string VersionString(ReadOnlySpan<byte> version) =>
        version.SequenceEqual("SIP/2.0"u8) ? "SIP/2.0" : System.Text.Encoding.ASCII.GetString(version);

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, "SIP" case-insensitive.</summary>
    private static bool IsVersion(ReadOnlySpan<byte> text)
    {
        if (text.Length < 7 || (text[0] | 0x20) != 's' || (text[1] | 0x20) != 'i' || (text[2] | 0x20) != 'p' || text[3] != '/')
        {
            return false;
        }

        var dot = text[4..].IndexOf((byte)'.');
        if (dot <= 0 || 4 + dot + 1 >= text.Length)
        {
            return false;
        }

        foreach (var b in text[4..(4 + dot)])
        {
            if (!IsDigit(b))
            {
                return false;
            }
        }

        foreach (var b in text[(4 + dot + 1)..])
        {
            if (!IsDigit(b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
