using System.Collections;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>
/// An ordered list of <c>;name=value</c> parameters (URI or header parameters). Names compare
/// case-insensitively; a parameter without value (<c>;lr</c>, <c>;rport</c>) has a null value.
/// </summary>
public sealed class SipParameters : IEnumerable<KeyValuePair<string, string?>>
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public string? this[string name]
    {
        get
        {
            foreach (var item in _items)
            {
                if (string.Equals(item.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return item.Value;
                }
            }

            return null;
        }
    }

    public bool Contains(string name)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets a parameter, replacing one of the same name in place or adding it at the end.</summary>
    public void Set(string name, string? value)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _items[i] = new(_items[i].Key, value);
                return;
            }
        }

        _items.Add(new(name, value));
    }

    public bool Remove(string name) =>
        _items.RemoveAll(i => string.Equals(i.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    public SipParameters Clone()
    {
        var copy = new SipParameters();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <summary>Writes <c>;a=b;c</c>.</summary>
    public void AppendTo(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var item in _items)
        {
            builder.Append(';').Append(item.Key);
            if (item.Value is not null)
            {
                builder.Append('=').Append(item.Value);
            }
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static readonly string[] s_commonNames =
        ["branch", "rport", "received", "tag", "transport", "lr", "maddr", "ttl", "user", "method", "expires", "q", "ob", "alias"];

    /// <summary>The shared string for the parameter names met in nearly every message (no allocation), a new one otherwise.</summary>
    private static string NameString(ReadOnlySpan<char> name)
    {
        foreach (var common in s_commonNames)
        {
            if (name.SequenceEqual(common))
            {
                return common;
            }
        }

        return name.ToString();
    }

    /// <summary>
    /// Parses <c>;a=b;c=""quoted;x""</c> from <paramref name="text"/> (which starts at a ';' or is empty).
    /// Returns false on an unterminated quoted string or an empty name.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<char> text, SipParameters into)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ';')
            {
                return false;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] is not ('=' or ';') && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var name = text[nameStart..i];
            if (name.IsEmpty)
            {
                return false;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                var valueStart = i;
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        if (text[i] == '\\')
                        {
                            i += 2;
                            continue;
                        }

                        if (text[i] == '"')
                        {
                            closed = true;
                            i++;
                            break;
                        }

                        i++;
                    }

                    if (!closed)
                    {
                        return false;
                    }
                }
                else
                {
                    while (i < text.Length && text[i] != ';' && !char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }
                }

                value = text[valueStart..Math.Min(i, text.Length)].ToString();
            }

            into._items.Add(new(NameString(name), value));
        }

        return true;
    }
}
