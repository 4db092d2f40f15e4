namespace CtiConnector.Contacts;

/// <summary>
/// One unfolded content line of a vCard: <c>[group.]NAME[;PARAM=value...]:value</c>
/// (RFC 6350 §3.3, RFC 2426 §4, and the bare parameters of vCard 2.1).
/// </summary>
internal sealed class VCardProperty
{
    private VCardProperty(int line, string name, string rawValue)
    {
        Line = line;
        Name = name;
        RawValue = rawValue;
    }

    public int Line { get; }

    /// <summary>Upper-case property name without its group (<c>TEL</c>).</summary>
    public string Name { get; }

    /// <summary>The value as written, still escaped (and still quoted-printable if so encoded).</summary>
    public string RawValue { get; }

    /// <summary>Lower-case TYPE values, from <c>TYPE=a,b</c>, repeated TYPE parameters and 2.1 bare parameters.</summary>
    public List<string> Types { get; } = [];

    /// <summary>Upper-case ENCODING (<c>QUOTED-PRINTABLE</c>, <c>B</c>, <c>BASE64</c>), or null.</summary>
    public string? Encoding { get; private set; }

    /// <summary>CHARSET parameter (vCard 2.1), or null.</summary>
    public string? Charset { get; private set; }

    /// <summary>True for quoted-printable content, whose soft line breaks join the next line.</summary>
    public static bool IsQuotedPrintable(string line)
    {
        var colon = FindColon(line);
        return colon > 0 && line.AsSpan(0, colon).Contains("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase);
    }

    public static VCardProperty? Parse(string line, int lineNumber)
    {
        var colon = FindColon(line);
        if (colon <= 0)
        {
            return null;
        }

        var head = SplitUnquoted(line[..colon], ';');
        var name = head[0].Trim();
        var dot = name.LastIndexOf('.');
        if (dot >= 0)
        {
            name = name[(dot + 1)..];
        }

        if (name.Length == 0)
        {
            return null;
        }

        var property = new VCardProperty(lineNumber, name.ToUpperInvariant(), line[(colon + 1)..]);
        foreach (var parameter in head.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? parameter : parameter[..equals]).Trim().ToUpperInvariant();
            var value = equals < 0 ? null : parameter[(equals + 1)..].Trim().Trim('"');
            switch (key)
            {
                case "TYPE" when value is not null:
                    property.Types.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim('"').ToLowerInvariant()));
                    break;
                case "ENCODING":
                    property.Encoding = value?.ToUpperInvariant();
                    break;
                case "CHARSET":
                    property.Charset = value;
                    break;
                case "QUOTED-PRINTABLE" or "BASE64" or "8BIT" or "7BIT" when value is null:
                    property.Encoding = key;
                    break;
                default:
                    if (value is null)
                    {
                        property.Types.Add(key.ToLowerInvariant());
                    }

                    break;
            }
        }

        return property;
    }

    // The first colon outside a double-quoted parameter value.
    private static int FindColon(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ':' && !quoted)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> SplitUnquoted(string text, char separator)
    {
        var parts = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == separator && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
