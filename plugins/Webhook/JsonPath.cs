using System.Globalization;
using System.Text.Json;

namespace CtiConnector.Plugins.Webhook;

/// <summary>
/// A small JSON path: <c>$</c> followed by <c>.name</c>, <c>['name']</c> and <c>[index]</c> steps, e.g.
/// <c>$.data[0].full_name</c> or <c>$['contact']['company name']</c>. No wildcards, filters or recursion.
/// </summary>
internal sealed class JsonPath
{
    private readonly object[] _steps; // string = property, int = array index

    private JsonPath(string text, object[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with the position of the fault.</summary>
    public static JsonPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<object>();
        var i = 0;
        if (text.StartsWith('$'))
        {
            i = 1;
        }
        else if (text.Length > 0 && text[0] != '[' && text[0] != '.')
        {
            text = "." + text; // "data[0].name" is read as "$.data[0].name"
        }

        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    throw Fault(text, start, "a property name");
                }

                steps.Add(text[start..i]);
            }
            else if (text[i] == '[')
            {
                i++;
                if (i < text.Length && text[i] is '\'' or '"')
                {
                    var quote = text[i];
                    var end = text.IndexOf(quote, i + 1);
                    if (end < 0 || end + 1 >= text.Length || text[end + 1] != ']')
                    {
                        throw Fault(text, i, "a quoted name closed by ']'");
                    }

                    steps.Add(text[(i + 1)..end]);
                    i = end + 2;
                }
                else
                {
                    var end = text.IndexOf(']', i);
                    if (end < 0 || !int.TryParse(text.AsSpan(i, end - i), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        throw Fault(text, i, "an array index closed by ']'");
                    }

                    steps.Add(index);
                    i = end + 1;
                }
            }
            else
            {
                throw Fault(text, i, "'.' or '['");
            }
        }

        return new JsonPath(text, [.. steps]);
    }

    /// <summary>The element at this path in <paramref name="root"/>, or null when any step is missing.</summary>
    public JsonElement? Find(JsonElement root)
    {
        var current = root;
        foreach (var step in _steps)
        {
            if (step is string name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }
            else
            {
                var index = (int)step;
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current;
    }

    /// <summary>The value at this path as text: strings as they are, numbers and booleans as written; null for objects, arrays, null or missing.</summary>
    public string? FindText(JsonElement root) => Find(root) is { } element
        ? element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => null,
        }
        : null;

    public override string ToString() => Text;

    private static FormatException Fault(string text, int position, string expected) =>
        new($"JSON path '{text}': expected {expected} at position {position}");
}
