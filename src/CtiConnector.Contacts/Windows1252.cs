namespace CtiConnector.Contacts;

/// <summary>
/// The Windows-1252 code page ("ANSI" on Western European Windows, what Excel and older Outlook save),
/// implemented here because the code-pages provider is not available under invariant globalization.
/// Bytes 0xA0–0xFF are Latin-1; 0x80–0x9F carry typographic characters; the five unassigned bytes
/// decode to the C1 control of the same value, as Windows does.
/// </summary>
public static class Windows1252
{
    /// <summary>The encoding's name as the readers report it.</summary>
    public const string Name = "windows-1252";

    private static readonly char[] _high =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    /// <summary>Decodes Windows-1252 bytes (every byte has a character: this never fails).</summary>
    public static string GetString(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = ToChar(source[i]);
            }
        });

    /// <summary>The character of one byte.</summary>
    public static char ToChar(byte value) => value is >= 0x80 and <= 0x9F ? _high[value - 0x80] : (char)value;

    /// <summary>Encodes text; characters the code page lacks become <c>?</c>.</summary>
    public static byte[] GetBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = TryGetByte(text[i], out var value) ? value : (byte)'?';
        }

        return bytes;
    }

    /// <summary>The byte of one character, if the code page has it.</summary>
    public static bool TryGetByte(char c, out byte value)
    {
        if (c < 0x80 || c is >= '\u00A0' and <= '\u00FF')
        {
            value = (byte)c;
            return true;
        }

        var index = Array.IndexOf(_high, c);
        value = index >= 0 ? (byte)(0x80 + index) : (byte)0;
        return index >= 0;
    }
}
