using System.Globalization;

namespace CtiConnector.Sip.Messages;

/// <summary>The CSeq header: a sequence number below 2^31 and a method (RFC 3261 §8.1.1.5, §20.16).</summary>
public readonly record struct CSeqHeader(long Number, string Method)
{
    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;

    /// <summary>Parses <c>4711 INVITE</c>; false when the number is missing, not decimal, or 2^31 or more.</summary>
    public static bool TryParse(ReadOnlySpan<byte> raw, out CSeqHeader value)
    {
        value = default;
        raw = raw.Trim(" \t\r\n"u8);
        var i = 0;
        long number = 0;
        while (i < raw.Length && raw[i] >= '0' && raw[i] <= '9')
        {
            number = (number * 10) + (raw[i] - '0');
            if (number > int.MaxValue)
            {
                return false;
            }

            i++;
        }

        // RFC 3261 §20.16: 1*DIGIT LWS Method, where LWS may be a folded line break.
        if (i == 0 || i == raw.Length || raw[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return false;
        }

        var method = raw[i..].Trim(" \t\r\n"u8);
        if (method.IsEmpty || !SipMethods.IsToken(method))
        {
            return false;
        }

        value = new CSeqHeader(number, SipMethods.FromBytes(method));
        return true;
    }

    public static bool TryParse(string? text, out CSeqHeader value)
    {
        value = default;
        return text is not null && TryParse(System.Text.Encoding.UTF8.GetBytes(text), out value);
    }
}
