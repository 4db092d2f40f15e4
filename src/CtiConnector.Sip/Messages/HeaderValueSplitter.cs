namespace CtiConnector.Sip.Messages;

/// <summary>Splits comma-separated header values, respecting quoted strings and &lt;URI&gt; brackets (RFC 3261 §7.3.1).</summary>
internal static class HeaderValueSplitter
{
    public static void SplitList(string value, List<string> into)
    {
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '<':
                    depth++;
                    break;
                case '>':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    AddTrimmed(value, start, i, into);
                    start = i + 1;
                    break;
            }
        }

        AddTrimmed(value, start, value.Length, into);
    }

    /// <summary>The first element of a list value (the whole value when there is no separating comma).</summary>
    public static string First(string value)
    {
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '<':
                    depth++;
                    break;
                case '>':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    return value.AsSpan(0, i).Trim().ToString();
            }
        }

        return value;
    }

    private static void AddTrimmed(string value, int start, int end, List<string> into)
    {
        var part = value.AsSpan(start, end - start).Trim();
        if (!part.IsEmpty)
        {
            into.Add(part.Length == value.Length ? value : part.ToString());
        }
    }
}
