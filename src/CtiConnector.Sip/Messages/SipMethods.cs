using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>Method names (case-sensitive, RFC 3261 §7.1) and the methods this stack implements.</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Subscribe = "SUBSCRIBE";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Message = "MESSAGE";
    public const string Publish = "PUBLISH";

    private static readonly string[] s_known =
        [Invite, Ack, Bye, Cancel, Options, Register, Refer, Notify, Subscribe, Info, Update, Prack, Message, Publish];

    /// <summary>Methods a user agent of ours accepts (the Allow header).</summary>
    public const string Allowed = "INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, INFO, UPDATE";

    /// <summary>Known method names, returned as the shared instance (no allocation for the usual ones).</summary>
    public static string FromBytes(ReadOnlySpan<byte> method)
    {
        foreach (var known in s_known)
        {
            if (method.Length == known.Length && Matches(method, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(method);
    }

    /// <summary>Whether the method is one RFC 3261 or its usual extensions define (otherwise 501, §8.2.1).</summary>
    public static bool IsKnown(string method) => Array.IndexOf(s_known, method) >= 0;

    /// <summary>RFC 3261 §25.1 token characters only.</summary>
    public static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        return text.IndexOfAnyExcept(TokenChars) < 0;
    }

    /// <summary>RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    internal static readonly System.Buffers.SearchValues<byte> TokenChars = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    internal static bool IsTokenChar(byte b) => TokenChars.Contains(b);

    /// <summary>RFC 3261 §25.1 token characters only, for names given as strings.</summary>
    internal static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c >= 0x80 || !TokenChars.Contains((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(ReadOnlySpan<byte> bytes, string text)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
