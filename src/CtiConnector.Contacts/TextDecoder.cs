using System.Text;
using System.Text.Unicode;

namespace CtiConnector.Contacts;

/// <summary>
/// Turns an imported file's bytes into text: a UTF-8 or UTF-16 byte order mark decides; without one,
/// valid UTF-8 is UTF-8 and anything else is Windows-1252 (the usual "ANSI" export of Excel and Outlook).
/// </summary>
internal static class TextDecoder
{
    public static string Decode(ReadOnlySpan<byte> bytes, out string encoding)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = "utf-8";
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = "utf-16";
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = "utf-16";
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        if (Utf8.IsValid(bytes))
        {
            encoding = "utf-8";
            return Encoding.UTF8.GetString(bytes);
        }

        encoding = Windows1252.Name;
        return Windows1252.GetString(bytes);
    }
}
