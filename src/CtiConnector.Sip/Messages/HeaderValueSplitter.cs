namespace CtiConnector.Sip.Messages;

/// <summary>Splits comma-separated header values, respecting quoted strings and &lt;URI&gt; brackets (RFC 3261 §7.3.1).</summary>
internal static class HeaderValueSplitter
{
    public static void SplitList(string value, List<string> into)
    {
        var start = 0;
        int comma;
        while ((comma = NextSeparator(value, start)) >= 0)
        {
            AddTrimmed(value, start, comma, into);
            start = comma + 1;
        }

        AddTrimmed(value, start, value.Length, into);
    }

    /// <summary>The first element of a list value (the whole value when there is no separating comma).</summary>
    public static string First(string value)
    {
        var comma = NextSeparator(value, 0);
        return comma < 0 ? value : value.AsSpan(0, comma).Trim().ToString();
    }

    /// <summary>The index of the next comma at or after <paramref name="start"/> outside quotes and brackets, or -1.</summary>
    private static int NextSeparator(string value, int start)
    {
        var depth = 0;
        var quoted = false;
        for (var i = start; i < value.Length; i++)
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
                    return i;
            }
        }

        return -1;
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
