using System.Buffers.Binary;
using System.Text;

namespace CtiConnector.Desktop.DBus;

/// <summary>
/// Reads little-endian D-Bus values from one whole message, aligning each value to its boundary counted from the
/// start of the message. Out-of-bounds or malformed values throw <see cref="DBusProtocolException"/>.
/// </summary>
public ref struct DBusReader
{
    private readonly ReadOnlySpan<byte> _message;

    public DBusReader(ReadOnlySpan<byte> message, int position)
    {
        _message = message;
        Position = position;
    }

    public int Position { get; private set; }

    public void Align(int boundary)
    {
        var aligned = (Position + boundary - 1) / boundary * boundary;
        Need(aligned - Position);
        Position = aligned;
    }

    public byte ReadByte()
    {
        Need(1);
        return _message[Position++];
    }

    public bool ReadBoolean() => ReadUInt32() switch
    {
        0 => false,
        1 => true,
        var other => throw new DBusProtocolException($"A D-Bus boolean must be 0 or 1, not {other}."),
    };

    public int ReadInt32()
    {
        Align(4);
        Need(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_message[Position..]);
        Position += 4;
        return value;
    }

    public uint ReadUInt32()
    {
        Align(4);
        Need(4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_message[Position..]);
        Position += 4;
        return value;
    }

    /// <summary>A string or an object path.</summary>
    public string ReadString()
    {
        var length = ReadUInt32();
        if (length > int.MaxValue - 1)
        {
            throw new DBusProtocolException("A D-Bus string is longer than the message.");
        }

        Need((int)length + 1);
        var text = Encoding.UTF8.GetString(_message.Slice(Position, (int)length));
        if (_message[Position + (int)length] != 0)
        {
            throw new DBusProtocolException("A D-Bus string is not NUL-terminated.");
        }

        Position += (int)length + 1;
        return text;
    }

    public string ReadSignature()
    {
        var length = ReadByte();
        Need(length + 1);
        var text = Encoding.ASCII.GetString(_message.Slice(Position, length));
        Position += length + 1;
        return text;
    }

    /// <summary>A variant holding a basic type (y, b, i, u, s, o, g); anything else is skipped and returned as null.</summary>
    public object? ReadVariant()
    {
        var signature = ReadSignature();
        return signature switch
        {
            "y" => ReadByte(),
            "b" => ReadBoolean(),
            "i" => ReadInt32(),
            "u" => ReadUInt32(),
            "s" or "o" => ReadString(),
            "g" => ReadSignature(),
            _ => throw new DBusProtocolException($"A variant of type '{signature}' is not expected here."),
        };
    }

    private readonly void Need(int count)
    {
        if (count < 0 || Position + count > _message.Length)
        {
            throw new DBusProtocolException("A D-Bus message ends in the middle of a value.");
        }
    }
}
