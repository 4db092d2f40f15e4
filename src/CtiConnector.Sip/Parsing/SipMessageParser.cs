using System.Buffers;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Parsing;

/// <summary>
/// Parses SIP messages from bytes (RFC 3261 §7). Stateless: the same call on the same bytes gives the
/// same answer. Returns <see cref="SipParseStatus.NeedMore"/> on an incomplete stream without consuming
/// anything, and <see cref="SipParseStatus.Invalid"/> with a typed reason on malformed input. Header
/// values are not decoded into strings here: the message keeps offsets into <c>input</c> and decodes
/// a value when it is first asked for. Size limits are the caller's job (see <see cref="FindMessageEnd"/>).
/// </summary>
/// <example>
/// <code>
/// INVITE sip:bob@example.com SIP/2.0\r\n
/// Via: SIP/2.0/TCP pc33.example.com;branch=z9hG4bK776asdhds\r\n
/// ...\r\n
/// Content-Length: 142\r\n
/// \r\n
/// (142 bytes of SDP)
/// </code>
/// </example>
public static class SipMessageParser
{
    /// <summary>Bytes that may not appear in a header block: the CTLs other than HT, CR and LF (RFC 3261 §25.1).</summary>
    private static readonly SearchValues<byte> s_headerControls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"u8);

    /// <summary>
    /// Parses one message at the start of <paramref name="input"/>.
    /// </summary>
    /// <param name="input">The bytes; the parsed message refers to this memory, so the caller must not reuse it.</param>
    /// <param name="isStream">
    /// True for TCP/TLS: the message ends where Content-Length says (RFC 3261 §18.3; a missing Content-Length
    /// counts as zero) and more bytes may follow; CRLFs before the start line are skipped and counted as
    /// consumed (§7.5). False for a datagram: the message is the whole datagram, and the body is what follows
    /// the headers, cut to Content-Length when that is shorter (§18.3).
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

        // RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives, RFC 5626 §3.5.1).
        var start = CountKeepAliveBytes(span);
        span = span[start..];
        if (span.IsEmpty)
        {
            error = SipParseError.Empty;
            return isStream ? SipParseStatus.NeedMore : SipParseStatus.Invalid;
        }

        var firstLineEnd = span.IndexOf((byte)'\n');
        if (firstLineEnd < 0)
        {
            if (isStream)
            {
                return SipParseStatus.NeedMore;
            }

            error = SipParseError.NoHeaderTerminator;
            return SipParseStatus.Invalid;
        }

        // Reject a bad start line as soon as it is complete, before waiting for the rest of a stream.
        var startLine = TrimCr(span[..firstLineEnd]);
        if (!CheckStartLine(startLine, out var isResponse, out error))
        {
            return SipParseStatus.Invalid;
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

        var headerBlock = span[(firstLineEnd + 1)..headerEnd];
        if (headerBlock.IndexOfAny(s_headerControls) >= 0)
        {
            error = SipParseError.BadHeaderLine;
            return SipParseStatus.Invalid;
        }

        // Every header field ends with a LF, so this is the exact count unless lines are folded.
        var headers = new SipHeaders(input, headerBlock.Count((byte)'\n'));
        var contentLength = ParseHeaders(headerBlock, start + firstLineEnd + 1, headers, out error);
        if (error != SipParseError.None)
        {
            return SipParseStatus.Invalid;
        }

        int messageEnd;
        if (isStream)
        {
            // RFC 3261 §18.3: on a stream the Content-Length is the only framing, so it must be usable.
            if (contentLength == ContentLengthBad)
            {
                error = SipParseError.BadContentLength;
                return SipParseStatus.Invalid;
            }

            var length = Math.Max(contentLength, 0);
            if ((long)bodyStart + length > span.Length)
            {
                return SipParseStatus.NeedMore;
            }

            messageEnd = bodyStart + length;
        }
        else
        {
            // A bad Content-Length on a datagram is left to the validator (400), with the whole rest as body.
            messageEnd = contentLength >= 0 && bodyStart + contentLength < span.Length ? bodyStart + contentLength : span.Length;
        }

        var result = isResponse
            ? (SipMessage)BuildResponse(startLine, headers)
            : BuildRequest(input, start, startLine, headers);
        result.Body = input.Slice(start + bodyStart, messageEnd - bodyStart);
        message = result;
        consumed = isStream ? start + messageEnd : input.Length;
        return SipParseStatus.Complete;
    }

    /// <summary>
    /// Finds where a stream-framed message ends without building it: the length of the message at the start
    /// of <paramref name="input"/> (leading CRLFs included), or -1 when more bytes are needed. Lets a transport
    /// enforce its size limit before buffering a body. Returns -2 when the Content-Length is unusable (not a
    /// number, negative, too large, or given twice with different values), as <see cref="TryParse"/> does.
    /// </summary>
    public static int FindMessageEnd(ReadOnlySpan<byte> input)
    {
        var start = CountKeepAliveBytes(input);
        var span = input[start..];
        var headerEnd = FindHeaderEnd(span, out var bodyStart);
        if (headerEnd < 0)
        {
            return -1;
        }

        var firstLineEnd = span.IndexOf((byte)'\n');
        var length = ScanContentLength(span[(firstLineEnd + 1)..headerEnd]);
        if (length == ContentLengthBad)
        {
            return -2;
        }

        var end = (long)start + bodyStart + Math.Max(length, 0);
        return end > input.Length ? -1 : (int)end;
    }

    /// <summary>How many CRLF keep-alive bytes (RFC 5626 §3.5.1) start the stream.</summary>
    public static int CountKeepAliveBytes(ReadOnlySpan<byte> input)
    {
        var i = input.IndexOfAnyExcept((byte)'\r', (byte)'\n');
        return i < 0 ? input.Length : i;
    }

    private const int ContentLengthAbsent = -1;
    private const int ContentLengthBad = -2;

    /// <summary>
    /// The end of the header block (the start of the empty line), or -1. RFC 3261 §7: CRLF CRLF, with bare
    /// LF line ends tolerated.
    /// </summary>
    private static int FindHeaderEnd(ReadOnlySpan<byte> span, out int bodyStart)
    {
        var crlf = span.IndexOf("\n\r\n"u8);
        var limit = crlf < 0 ? span.Length : crlf;
        var lf = span[..Math.Min(span.Length, limit + 1)].IndexOf("\n\n"u8);
        if (lf >= 0)
        {
            bodyStart = lf + 2;
            return lf + 1;
        }

        if (crlf >= 0)
        {
            bodyStart = crlf + 3;
            return crlf + 1;
        }

        bodyStart = -1;
        return -1;
    }

    /// <summary>
    /// Splits the header block into fields and records them. Returns the Content-Length
    /// (<see cref="ContentLengthAbsent"/>, <see cref="ContentLengthBad"/> or the value).
    /// </summary>
    private static int ParseHeaders(ReadOnlySpan<byte> block, int offset, SipHeaders headers, out SipParseError error)
    {
        error = SipParseError.None;
        var contentLength = ContentLengthAbsent;
        var i = 0;
        while (i < block.Length)
        {
            // RFC 3261 §7.3.1: field-name, optional whitespace, ':', value up to a line end not followed by WSP.
            var nameStart = i;
            var nameLength = block[i..].IndexOfAnyExcept(SipMethods.TokenChars);
            i = nameLength < 0 ? block.Length : i + nameLength;
            var nameEnd = i;
            while (i < block.Length && block[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            if (nameEnd == nameStart || i >= block.Length || block[i] != (byte)':')
            {
                error = SipParseError.BadHeaderLine;
                return contentLength;
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

            valueEnd = Math.Max(valueStart, valueEnd);
            while (valueEnd > valueStart && block[valueEnd - 1] is (byte)' ' or (byte)'\t')
            {
                valueEnd--;
            }

            // The field's offsets are stored compactly (see SipHeaders): absurd lengths are refused.
            if (valueEnd - valueStart > ushort.MaxValue || valueStart - nameStart > ushort.MaxValue || nameEnd - nameStart > byte.MaxValue)
            {
                error = SipParseError.TooLarge;
                return contentLength;
            }

            var id = HeaderNames.Identify(block[nameStart..nameEnd]);
            if (id == HeaderId.ContentLength)
            {
                contentLength = MergeContentLength(contentLength, block[valueStart..valueEnd]);
            }

            headers.AddParsed(id, offset + nameStart, nameEnd - nameStart, offset + valueStart, valueEnd - valueStart);
        }

        return contentLength;
    }

    /// <summary>Content-Length from a header block, field by field as <see cref="ParseHeaders"/> does, without recording anything.</summary>
    private static int ScanContentLength(ReadOnlySpan<byte> block)
    {
        var contentLength = ContentLengthAbsent;
        var i = 0;
        while (i < block.Length)
        {
            var nl = block[i..].IndexOf((byte)'\n');
            var lineEnd = nl < 0 ? block.Length : i + nl;
            var line = block[i..lineEnd];
            i = nl < 0 ? block.Length : lineEnd + 1;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t'
                || HeaderNames.Identify(line[..colon].TrimEnd(" \t"u8)) != HeaderId.ContentLength)
            {
                continue;
            }

            // The value, with any folded continuation lines (RFC 3261 §7.3.1).
            var valueStart = i - line.Length - (nl < 0 ? 0 : 1) + colon + 1;
            while (i < block.Length && block[i] is (byte)' ' or (byte)'\t')
            {
                var next = block[i..].IndexOf((byte)'\n');
                i = next < 0 ? block.Length : i + next + 1;
            }

            contentLength = MergeContentLength(contentLength, block[valueStart..i]);
        }

        return contentLength;
    }

    /// <summary>
    /// Folds one more Content-Length value into what was seen so far: a second one with another value
    /// makes the framing ambiguous (RFC 3261 §18.3, and the request-smuggling lesson of HTTP).
    /// </summary>
    private static int MergeContentLength(int soFar, ReadOnlySpan<byte> raw)
    {
        if (soFar == ContentLengthBad)
        {
            return ContentLengthBad;
        }

        if (!TryParseDecimal(raw.Trim(" \t\r\n"u8), out var value))
        {
            return ContentLengthBad;
        }

        return soFar == ContentLengthAbsent || soFar == value ? value : ContentLengthBad;
    }

    /// <summary>1*DIGIT that fits an <see cref="int"/>: no sign, no spaces (RFC 3261 §20.14).</summary>
    internal static bool TryParseDecimal(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 10)
        {
            return false;
        }

        long n = 0;
        foreach (var b in digits)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            n = (n * 10) + (b - '0');
        }

        if (n > int.MaxValue)
        {
            return false;
        }

        value = (int)n;
        return true;
    }

    /// <summary>Checks the start line's syntax (RFC 3261 §7.1, §7.2) without building anything.</summary>
    private static bool CheckStartLine(ReadOnlySpan<byte> line, out bool isResponse, out SipParseError error)
    {
        error = SipParseError.None;
        isResponse = line.Length >= 4 && StartsWithSipSlash(line);
        if (isResponse)
        {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            var sp = line.IndexOf((byte)' ');
            if (sp < 0 || !IsVersion(line[..sp]))
            {
                error = SipParseError.BadStartLine;
                return false;
            }

            var rest = line[(sp + 1)..];
            if (rest.Length < 3 || !IsDigit(rest[0]) || !IsDigit(rest[1]) || !IsDigit(rest[2])
                || (rest.Length > 3 && rest[3] != (byte)' '))
            {
                error = SipParseError.BadStatusCode;
                return false;
            }

            // RFC 3261 §21: classes 1xx to 6xx.
            if (rest[0] is < (byte)'1' or > (byte)'6')
            {
                error = SipParseError.BadStatusCode;
                return false;
            }

            // Reason-Phrase is TEXT-UTF8 with spaces and tabs: no other control characters.
            if (rest.IndexOfAny(s_headerControls) >= 0 || rest.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
            {
                error = SipParseError.BadStartLine;
                return false;
            }

            return true;
        }

        // Request-Line = Method SP Request-URI SP SIP-Version (single spaces, RFC 3261 §7.1)
        var first = line.IndexOf((byte)' ');
        if (first <= 0 || !SipMethods.IsToken(line[..first]))
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        var afterMethod = line[(first + 1)..];
        var second = afterMethod.IndexOf((byte)' ');
        if (second <= 0)
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        // The Request-URI holds no whitespace, no control and no raw non-ASCII byte (RFC 3261 §25.1:
        // anything else is %-escaped); a space inside it shows as a third space.
        var uri = afterMethod[..second];
        if (uri.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        var versionPart = afterMethod[(second + 1)..];
        if (versionPart.IndexOfAny((byte)' ', (byte)'\t') >= 0)
        {
            error = SipParseError.BadStartLine;
            return false;
        }

        if (!IsVersion(versionPart))
        {
            error = SipParseError.BadVersion;
            return false;
        }

        return true;
    }

    private static SipRequest BuildRequest(ReadOnlyMemory<byte> input, int start, ReadOnlySpan<byte> line, SipHeaders headers)
    {
        var first = line.IndexOf((byte)' ');
        var second = first + 1 + line[(first + 1)..].IndexOf((byte)' ');
        return new SipRequest(SipMethods.FromBytes(line[..first]), input.Slice(start + first + 1, second - first - 1), headers)
        {
            Version = VersionString(line[(second + 1)..]),
        };
    }

    private static SipResponse BuildResponse(ReadOnlySpan<byte> line, SipHeaders headers)
    {
        var sp = line.IndexOf((byte)' ');
        var rest = line[(sp + 1)..];
        var code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
        var reason = rest.Length > 4 ? ReasonString(code, rest[4..]) : string.Empty;
        return new SipResponse(code, reason, headers) { Version = VersionString(line[..sp]) };
    }

    /// <summary>The usual reason phrase comes back as the shared string (no allocation for "200 OK").</summary>
    private static string ReasonString(int code, ReadOnlySpan<byte> reason)
    {
        var usual = SipStatus.DefaultReason(code);
        return HeaderNames.AsciiEquals(reason, usual) ? usual : System.Text.Encoding.UTF8.GetString(reason);
    }

    private static string VersionString(ReadOnlySpan<byte> version) =>
        version.SequenceEqual("SIP/2.0"u8) ? "SIP/2.0" : System.Text.Encoding.ASCII.GetString(version);

    private static bool StartsWithSipSlash(ReadOnlySpan<byte> line) =>
        (line[0] | 0x20) == 's' && (line[1] | 0x20) == 'i' && (line[2] | 0x20) == 'p' && line[3] == '/';

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, "SIP" case-insensitive.</summary>
    private static bool IsVersion(ReadOnlySpan<byte> text)
    {
        if (text.Length < 7 || !StartsWithSipSlash(text))
        {
            return false;
        }

        var dot = text[4..].IndexOf((byte)'.');
        if (dot <= 0 || 4 + dot + 1 >= text.Length)
        {
            return false;
        }

        return text[4..(4 + dot)].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && text[(4 + dot + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
