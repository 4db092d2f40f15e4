using System.Collections;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>
/// The header fields of a message, in wire order. Parsed headers keep pointing into the received
/// bytes: a value becomes a string only when somebody asks for it (and is then cached).
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private Field[] _fields;
    private string?[]? _names;
    private string?[]? _values;
    private int _count;
    private ReadOnlyMemory<byte> _source;

    public SipHeaders()
    {
        _fields = new Field[12];
    }

    internal SipHeaders(ReadOnlyMemory<byte> source, int capacity)
    {
        _source = source;
        _fields = capacity == 0 ? [] : new Field[capacity];
    }

    public int Count => _count;

    /// <summary>The value of the first header with this id, or null.</summary>
    public string? this[HeaderId id]
    {
        get
        {
            var index = IndexOf(id, 0);
            return index < 0 ? null : ValueAt(index);
        }
    }

    /// <summary>The value of the first header with this name (full or compact, any case), or null.</summary>
    public string? this[string name]
    {
        get
        {
            var id = HeaderNames.Identify(name);
            if (id != HeaderId.Other)
            {
                return this[id];
            }

            name = FullName(name);
            for (var i = 0; i < _count; i++)
            {
                if (_fields[i].Id == HeaderId.Other && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase))
                {
                    return ValueAt(i);
                }
            }

            return null;
        }
    }

    public bool Contains(HeaderId id) => IndexOf(id, 0) >= 0;

    /// <summary>How many header lines carry this id (a comma list counts once; see <see cref="GetValues"/>).</summary>
    public int CountOf(HeaderId id)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_fields[i].Id == id)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Every value of a header in order: lines in order and, for list headers (Via, Contact, Route...),
    /// each comma-separated element of a line on its own (RFC 3261 §7.3.1).
    /// </summary>
    public IReadOnlyList<string> GetValues(HeaderId id)
    {
        List<string>? values = null;
        for (var i = 0; i < _count; i++)
        {
            if (_fields[i].Id != id)
            {
                continue;
            }

            values ??= [];
            var value = ValueAt(i);
            if (HeaderNames.IsList(id))
            {
                HeaderValueSplitter.SplitList(value, values);
            }
            else
            {
                values.Add(value);
            }
        }

        return values ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The raw bytes of the first header with this id (folded lines included), without allocating.</summary>
    public ReadOnlySpan<byte> GetRaw(HeaderId id)
    {
        var index = IndexOf(id, 0);
        if (index < 0)
        {
            return default;
        }

        // A parsed field (its name is at least one byte long) is read in place even once its string is cached.
        ref var f = ref _fields[index];
        if (f.NameLength == 0)
        {
            return Encoding.UTF8.GetBytes(_values![index]!);
        }

        return _source.Span.Slice(f.NameStart + f.ValueOffset, f.ValueLength);
    }

    public void Add(HeaderId id, string value) => Insert(_count, id, HeaderNames.Canonical(id), value);

    public void Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        // RFC 3261 §7.3.1: field-name is a token; anything else would corrupt the written message.
        if (!SipMethods.IsToken(name.AsSpan()))
        {
            throw new ArgumentException($"'{name}' is not a header name (RFC 3261 §7.3.1 token).", nameof(name));
        }

        var id = HeaderNames.Identify(name);
        Insert(_count, id, id == HeaderId.Other ? FullName(name) : HeaderNames.Canonical(id), value);
    }

    /// <summary>Adds a header before every other (a new top Via, RFC 3261 §8.1.1.7).</summary>
    public void Prepend(HeaderId id, string value) => Insert(0, id, HeaderNames.Canonical(id), value);

    /// <summary>Replaces every header with this id by one with <paramref name="value"/> (kept in place of the first).</summary>
    public void Set(HeaderId id, string value)
    {
        var first = IndexOf(id, 0);
        if (first < 0)
        {
            Add(id, value);
            return;
        }

        RemoveFrom(id, first + 1);
        SetStrings(first, id, HeaderNames.Canonical(id), value);
    }

    public void Set(string name, string value)
    {
        var id = HeaderNames.Identify(name);
        if (id != HeaderId.Other)
        {
            Set(id, value);
            return;
        }

        Remove(name);
        Add(name, value);
    }

    /// <summary>Removes every header with this id; returns how many lines went.</summary>
    public int Remove(HeaderId id) => RemoveFrom(id, 0);

    public int Remove(string name)
    {
        var id = HeaderNames.Identify(name);
        if (id != HeaderId.Other)
        {
            return Remove(id);
        }

        name = FullName(name);
        var removed = 0;
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_fields[i].Id == HeaderId.Other && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase))
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Removes the first element of the first header with this id: the top Via of a comma list, for instance.</summary>
    public bool RemoveFirstValue(HeaderId id)
    {
        var index = IndexOf(id, 0);
        if (index < 0)
        {
            return false;
        }

        var values = new List<string>();
        HeaderValueSplitter.SplitList(ValueAt(index), values);
        if (values.Count <= 1)
        {
            RemoveAt(index);
        }
        else
        {
            SetStrings(index, id, NameAt(index), string.Join(", ", values.Skip(1)));
        }

        return true;
    }

    /// <summary>Copies every header with this id from another message, in order (Via, Record-Route...).</summary>
    public void CopyFrom(SipHeaders other, HeaderId id)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other._count; i++)
        {
            if (other._fields[i].Id == id)
            {
                Insert(_count, id, HeaderNames.Canonical(id), other.ValueAt(i));
            }
        }
    }

    public IEnumerator<SipHeader> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new SipHeader(_fields[i].Id, NameAt(i), ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddParsed(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength)
    {
        if (_count == _fields.Length)
        {
            Grow();
        }

        _fields[_count++] = new Field
        {
            Id = id,
            NameStart = nameStart,
            NameLength = (byte)nameLength,
            ValueOffset = (ushort)(valueStart - nameStart),
            ValueLength = (ushort)valueLength,
        };
    }

    internal HeaderId IdAt(int index) => _fields[index].Id;

    internal string NameAt(int index)
    {
        ref var f = ref _fields[index];
        if (f.Id != HeaderId.Other)
        {
            return HeaderNames.Canonical(f.Id);
        }

        _names ??= new string?[_fields.Length];
        return _names[index] ??= f.NameLength == 1 && HeaderNames.ExpandCompact((char)_source.Span[f.NameStart]) is { } full
            ? full
            : Encoding.ASCII.GetString(_source.Span.Slice(f.NameStart, f.NameLength));
    }

    /// <summary>An unknown header's name, with a compact form spelled out (RFC 3261 §7.3.3: <c>s</c> is Subject).</summary>
    private static string FullName(string name) =>
        name.Length == 1 && HeaderNames.ExpandCompact(name[0]) is { } full ? full : name;

    internal string ValueAt(int index)
    {
        _values ??= new string?[_fields.Length];
        ref var f = ref _fields[index];
        return _values[index] ??= DecodeValue(_source.Span.Slice(f.NameStart + f.ValueOffset, f.ValueLength));
    }

    /// <summary>UTF-8 text with folded lines unfolded into one space (RFC 3261 §7.3.1).</summary>
    private static string DecodeValue(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var text = Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }

                while (builder.Length > 0 && builder[^1] is ' ' or '\t')
                {
                    builder.Length--;
                }

                builder.Append(' ');
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString().Trim();
    }

    private int IndexOf(HeaderId id, int start)
    {
        for (var i = start; i < _count; i++)
        {
            if (_fields[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private int RemoveFrom(HeaderId id, int start)
    {
        var removed = 0;
        for (var i = _count - 1; i >= start; i--)
        {
            if (_fields[i].Id == id)
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    private void RemoveAt(int index)
    {
        var tail = _count - index - 1;
        Array.Copy(_fields, index + 1, _fields, index, tail);
        if (_names is not null)
        {
            Array.Copy(_names, index + 1, _names, index, tail);
            _names[_count - 1] = null;
        }

        if (_values is not null)
        {
            Array.Copy(_values, index + 1, _values, index, tail);
            _values[_count - 1] = null;
        }

        _count--;
        _fields[_count] = default;
    }

    private void Insert(int index, HeaderId id, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A header value cannot contain a line break.", nameof(value));
        }

        if (_count == _fields.Length)
        {
            Grow();
        }

        _names ??= new string?[_fields.Length];
        _values ??= new string?[_fields.Length];
        var tail = _count - index;
        Array.Copy(_fields, index, _fields, index + 1, tail);
        Array.Copy(_names, index, _names, index + 1, tail);
        Array.Copy(_values, index, _values, index + 1, tail);
        _count++;
        SetStrings(index, id, name, value);
    }

    private void SetStrings(int index, HeaderId id, string name, string value)
    {
        _names ??= new string?[_fields.Length];
        _values ??= new string?[_fields.Length];
        _fields[index] = new Field { Id = id };
        _names[index] = name;
        _values[index] = value;
    }

    private void Grow()
    {
        var size = Math.Max(4, _fields.Length * 2);
        Array.Resize(ref _fields, size);
        if (_names is not null)
        {
            Array.Resize(ref _names, size);
        }

        if (_values is not null)
        {
            Array.Resize(ref _values, size);
        }
    }

    /// <summary>
    /// Where a parsed header sits in the message bytes: 12 bytes a field. The parser refuses names over
    /// 255 bytes and values over 64 KiB, which is what lets the lengths be this small.
    /// </summary>
    private struct Field
    {
        public int NameStart;
        public ushort ValueOffset;
        public ushort ValueLength;
        public byte NameLength;
        public HeaderId Id;
    }
}

/// <summary>One header line: its recognised id, its name as written, its value.</summary>
public readonly record struct SipHeader(HeaderId Id, string Name, string Value);
