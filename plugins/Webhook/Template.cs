using System.Text;
using System.Text.Encodings.Web;

namespace CtiConnector.Plugins.Webhook;

/// <summary>
/// A text with <c>{name}</c> placeholders, checked once against the names allowed where it is used, then filled with
/// each value escaped for its place (URL component or JSON string content). Only <c>{letters_or_digits}</c> is a
/// placeholder; every other brace is text, so a JSON body template needs no escaping.
/// </summary>
internal sealed class Template
{
    private readonly List<(string Literal, string? Name)> _parts;

    private Template(string text, List<(string Literal, string? Name)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The placeholder names used.</summary>
    public IEnumerable<string> Names => _parts.Where(p => p.Name is not null).Select(p => p.Name!);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming <paramref name="key"/> for an unknown placeholder.</summary>
    public static Template Parse(string text, string key, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string, string?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var nameEnd = i + 1;
            while (c == '{' && nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] == '_'))
            {
                nameEnd++;
            }

            if (c != '{' || nameEnd == i + 1 || nameEnd >= text.Length || text[nameEnd] != '}')
            {
                literal.Append(c); // any other brace is text (JSON bodies are full of them)
                continue;
            }

            var name = text[(i + 1)..nameEnd];
            var known = allowed.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new FormatException($"{key}: unknown placeholder {{{name}}}; known: {string.Join(", ", allowed.Select(a => "{" + a + "}"))}");
            parts.Add((literal.ToString(), known));
            literal.Clear();
            i = nameEnd;
        }

        parts.Add((literal.ToString(), null));
        return new Template(text, parts);
    }

    /// <summary>Fills the placeholders URL-encoded; returns null when one of them has no value (nothing to ask).</summary>
    public string? ExpandUrl(Func<string, string?> values)
    {
        var text = new StringBuilder(Text.Length + 32);
        foreach (var (literal, name) in _parts)
        {
            text.Append(literal);
            if (name is null)
            {
                continue;
            }

            if (values(name) is not { Length: > 0 } value)
            {
                return null;
            }

            text.Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    /// <summary>Fills the placeholders URL-encoded, an absent value as empty.</summary>
    public string ExpandUrlLenient(Func<string, string?> values) => Expand(values, v => Uri.EscapeDataString(v));

    /// <summary>Fills the placeholders as JSON string content (no quotes added), an absent value as empty.</summary>
    public string ExpandJson(Func<string, string?> values) => Expand(values, v => JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(v));

    private string Expand(Func<string, string?> values, Func<string, string> escape)
    {
        var text = new StringBuilder(Text.Length + 64);
        foreach (var (literal, name) in _parts)
        {
            text.Append(literal);
            if (name is not null && values(name) is { Length: > 0 } value)
            {
                text.Append(escape(value));
            }
        }

        return text.ToString();
    }
}
