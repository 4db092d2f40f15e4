using System.Text;

namespace CtiConnector.Contacts;

/// <summary>Decoding of vCard values: quoted-printable with its charset, backslash escapes, structured components.</summary>
internal static class VCardValue
{
    /// <summary>The value with its transfer encoding undone (quoted-printable), still backslash-escaped.</summary>
    public static string Decode(VCardProperty property)
    {
        if (property.Encoding != "QUOTED-PRINTABLE")
        {
            return property.RawValue;
        }

        var bytes = new List<byte>(property.RawValue.Length);
        var text = property.RawValue;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (text[i] == '=' && i == text.Length - 1)
            {
                // A soft line break left at the very end.
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        var span = bytes.ToArray();
        return IsLatin(property.Charset) ? Windows1252.GetString(span) : Encoding.UTF8.GetString(span);
    }

    /// <summary>Splits a structured value (N, ORG) on unescaped semicolons and unescapes each component.</summary>
    public static List<string> Components(string value)
    {
        var components = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                current.Append(value[i]).Append(value[i + 1]);
                i++;
            }
            else if (value[i] == ';')
            {
                components.Add(Unescape(current.ToString()));
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }

        components.Add(Unescape(current.ToString()));
        return components;
    }

    /// <summary>Undoes <c>\n \N \, \; \\</c> (RFC 6350 §3.4).</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value.Trim();
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                builder.Append(next is 'n' or 'N' ? '\n' : next);
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString().Trim();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static bool IsLatin(string? charset) =>
        charset is not null
        && (charset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("ISO-8859-15", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("WINDOWS-1252", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("CP1252", StringComparison.OrdinalIgnoreCase));
}
