using System.Buffers.Binary;
using System.Text;

namespace CtiConnector.Desktop.DBus;

/// <summary>
/// Marshals values in the D-Bus wire format, little-endian. Every value is aligned to its natural boundary counted from
/// the start of the message (strings and arrays to 4, structs and dict entries to 8, signatures and variants to 1).
/// </summary>
public sealed class DBusWriter
{
    private byte[] _buffer = new byte[256];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Align(int boundary)
    {
        var padding = (boundary - (Length % boundary)) % boundary;
        Ensure(padding);
        _buffer.AsSpan(Length, padding).Clear();
        Length += padding;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteBoolean(bool value) => WriteUInt32(value ? 1u : 0u);

    public void WriteInt32(int value)
    {
        Align(4);
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteUInt32(uint value)
    {
        Align(4);
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    /// <summary>A string or object path: UINT32 length, UTF-8 bytes, a NUL.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteUInt32((uint)count);
        Ensure(count + 1);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
        _buffer[Length++] = 0;
    }

    /// <summary>A signature: BYTE length, ASCII type codes, a NUL.</summary>
    public void WriteSignature(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 255)
        {
            throw new ArgumentException("A D-Bus signature holds at most 255 type codes.", nameof(value));
        }

        WriteByte((byte)value.Length);
        Ensure(value.Length + 1);
        Length += Encoding.ASCII.GetBytes(value, _buffer.AsSpan(Length));
        _buffer[Length++] = 0;
    }

    /// <summary>
    /// Starts an array whose elements align to <paramref name="elementAlignment"/>; returns a mark for
    /// <see cref="EndArray"/>, which fills in the length (elements only, not the padding before the first one).
    /// </summary>
    public (int LengthAt, int Start) BeginArray(int elementAlignment)
    {
        WriteUInt32(0);
        var lengthAt = Length - 4;
        Align(elementAlignment);
        return (lengthAt, Length);
    }

    public void EndArray((int LengthAt, int Start) mark) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(mark.LengthAt), (uint)(Length - mark.Start));

    /// <summary>An array of strings (<c>as</c>).</summary>
    public void WriteStringArray(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mark = BeginArray(4);
        foreach (var value in values)
        {
            WriteString(value);
        }

        EndArray(mark);
    }

    /// <summary>A variant holding a string, a byte, a boolean, an int32 or a uint32.</summary>
    public void WriteVariant(object value)
    {
        switch (value)
        {
            case string text:
                WriteSignature("s");
                WriteString(text);
                break;
            case byte octet:
                WriteSignature("y");
                WriteByte(octet);
                break;
            case bool flag:
                WriteSignature("b");
                WriteBoolean(flag);
                break;
            case int number:
                WriteSignature("i");
                WriteInt32(number);
                break;
            case uint number:
                WriteSignature("u");
                WriteUInt32(number);
                break;
            default:
                throw new ArgumentException($"A variant of {value?.GetType().Name ?? "null"} is not supported.", nameof(value));
        }
    }

    /// <summary>A dictionary of string to variant (<c>a{sv}</c>), the shape of hints and properties.</summary>
    public void WriteVariantDictionary(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mark = BeginArray(8);
        foreach (var (key, value) in values)
        {
            Align(8);
            WriteString(key);
            WriteVariant(value);
        }

        EndArray(mark);
    }

    /// <summary>Overwrites a little-endian UINT32 already written at <paramref name="offset"/>.</summary>
    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), value);

    /// <summary>Appends raw bytes (a body marshalled on its own, already aligned to 8 from its start).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    private void Ensure(int count)
    {
        if (Length + count <= _buffer.Length)
        {
            return;
        }

        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
    }
}
