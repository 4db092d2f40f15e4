using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>
/// A name-addr or addr-spec with header parameters: the value of From, To, Contact, Route,
/// Record-Route, Refer-To (RFC 3261 §20.10, §25.1).
/// <example><c>"Hervé \"the boss\" Lefèvre" &lt;sip:herve@example.org&gt;;tag=a73kszlfl</c></example>
/// </summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        DisplayName = displayName;
    }

    /// <summary>The display name, unquoted and unescaped, or null.</summary>
    public string? DisplayName { get; set; }

    public SipUri Uri { get; set; }

    /// <summary>Header parameters (after the closing '&gt;', or after the URI in an addr-spec).</summary>
    public SipParameters Parameters { get; private set; } = new();

    public string? Tag
    {
        get => Parameters["tag"];
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
            }
            else
            {
                Parameters.Set("tag", value);
            }
        }
    }

    public static NameAddress Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"Not a valid name-addr: '{text}'.");

    /// <summary>Parses a name-addr or addr-spec; false on unterminated quotes or brackets, or a bad URI.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out NameAddress? value)
    {
        value = null;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        string? display = null;
        var i = 0;
        if (span[0] == '"')
        {
            // RFC 3261 §25.1: quoted-string with quoted-pairs; copy through a builder only when there is one.
            StringBuilder? builder = null;
            i = 1;
            var closed = false;
            while (i < span.Length)
            {
                var c = span[i];
                if (c == '\\')
                {
                    if (i + 1 >= span.Length)
                    {
                        return false;
                    }

                    builder ??= new StringBuilder().Append(span[1..i]);
                    builder.Append(span[i + 1]);
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    closed = true;
                    i++;
                    break;
                }

                builder?.Append(c);
                i++;
            }

            if (!closed)
            {
                return false;
            }

            display = builder?.ToString() ?? span[1..(i - 1)].ToString();
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            if (i >= span.Length || span[i] != '<')
            {
                return false;
            }
        }

        var open = span[i..].IndexOf('<');
        if (open >= 0)
        {
            open += i;
            if (display is null)
            {
                var token = span[i..open].Trim();
                if (!token.IsEmpty)
                {
                    if (token.ContainsAny("\"<>;"))
                    {
                        return false;
                    }

                    display = token.ToString();
                }
            }

            var close = span[open..].IndexOf('>');
            if (close < 0)
            {
                return false;
            }

            close += open;
            if (!SipUri.TryParse(span[(open + 1)..close], out var uri))
            {
                return false;
            }

            var result = new NameAddress(uri, display);
            if (!SipParameters.TryParse(span[(close + 1)..], result.Parameters))
            {
                return false;
            }

            value = result;
            return true;
        }

        if (display is not null || span.Contains('>'))
        {
            return false;
        }

        // addr-spec: parameters after the URI belong to the header (RFC 3261 §20.10).
        var semi = span.IndexOf(';');
        var uriText = semi >= 0 ? span[..semi] : span;
        if (uriText.ContainsAny(" \t") || !SipUri.TryParse(uriText, out var bare))
        {
            return false;
        }

        var plain = new NameAddress(bare);
        if (semi >= 0 && !SipParameters.TryParse(span[semi..], plain.Parameters))
        {
            return false;
        }

        value = plain;
        return true;
    }

    public NameAddress Clone()
    {
        var copy = new NameAddress(Uri.Clone(), DisplayName) { Parameters = Parameters.Clone() };
        return copy;
    }

    /// <summary>Always writes the name-addr form with angle brackets, quoting the display name.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            builder.Append('"');
            foreach (var c in DisplayName)
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            builder.Append("\" ");
        }

        builder.Append('<');
        Uri.AppendTo(builder);
        builder.Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
