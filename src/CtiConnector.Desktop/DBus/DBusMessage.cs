using System.Buffers.Binary;

namespace CtiConnector.Desktop.DBus;

/// <summary>
/// One D-Bus message: the fixed header, the header fields this client uses, and the marshalled body.
/// Wire layout (D-Bus specification, "Message Format"): <c>'l' TYPE FLAGS 1</c>, UINT32 body length, UINT32 serial,
/// <c>a(yv)</c> header fields, padding to 8, body.
/// </summary>
public sealed class DBusMessage
{
    /// <summary>Largest message accepted (the specification's limit is 128 MiB; nothing here needs more than a few KiB).</summary>
    public const int MaxLength = 1024 * 1024;

    private const byte FieldPath = 1;
    private const byte FieldInterface = 2;
    private const byte FieldMember = 3;
    private const byte FieldErrorName = 4;
    private const byte FieldReplySerial = 5;
    private const byte FieldDestination = 6;
    private const byte FieldSender = 7;
    private const byte FieldSignature = 8;

    public DBusMessageType Type { get; init; }

    public byte Flags { get; init; }

    public uint Serial { get; set; }

    public string? Path { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public string? ErrorName { get; init; }

    public uint? ReplySerial { get; init; }

    public string? Destination { get; init; }

    public string? Sender { get; init; }

    /// <summary>The body's signature; empty when there is no body.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>The body, marshalled as if it started at offset 0 (bodies start on an 8-byte boundary).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>A reader positioned at the start of the body.</summary>
    public DBusReader BodyReader() => new(Body.Span, 0);

    /// <summary>A method call; <paramref name="body"/> is marshalled by the caller with a fresh <see cref="DBusWriter"/>.</summary>
    public static DBusMessage MethodCall(string destination, string path, string @interface, string member, string signature = "", DBusWriter? body = null) =>
        new()
        {
            Type = DBusMessageType.MethodCall,
            Destination = destination,
            Path = path,
            Interface = @interface,
            Member = member,
            Signature = signature,
            Body = body is null ? ReadOnlyMemory<byte>.Empty : body.Written.ToArray(),
        };

    /// <summary>The message on the wire.</summary>
    public byte[] Serialize()
    {
        var writer = new DBusWriter();
        writer.WriteByte((byte)'l');
        writer.WriteByte((byte)Type);
        writer.WriteByte(Flags);
        writer.WriteByte(1);
        writer.WriteUInt32((uint)Body.Length);
        writer.WriteUInt32(Serial);
        var fields = writer.BeginArray(8);
        WriteField(writer, FieldPath, "o", Path);
        WriteField(writer, FieldInterface, "s", Interface);
        WriteField(writer, FieldMember, "s", Member);
        WriteField(writer, FieldErrorName, "s", ErrorName);
        if (ReplySerial is { } replySerial)
        {
            writer.Align(8);
            writer.WriteByte(FieldReplySerial);
            writer.WriteSignature("u");
            writer.WriteUInt32(replySerial);
        }

        WriteField(writer, FieldDestination, "s", Destination);
        WriteField(writer, FieldSender, "s", Sender);
        if (Signature.Length > 0)
        {
            writer.Align(8);
            writer.WriteByte(FieldSignature);
            writer.WriteSignature("g");
            writer.WriteSignature(Signature);
        }

        writer.EndArray(fields);
        writer.Align(8);
        writer.WriteRaw(Body.Span);
        return writer.Written.ToArray();
    }

    /// <summary>
    /// How many bytes the message starting with <paramref name="start"/> (at least 16 bytes) occupies, or throws when
    /// it is not a little/big-endian version-1 message within <see cref="MaxLength"/>.
    /// </summary>
    public static int TotalLength(ReadOnlySpan<byte> start)
    {
        if (start.Length < 16)
        {
            throw new ArgumentException("The fixed header is 16 bytes.", nameof(start));
        }

        var little = start[0] == (byte)'l';
        if (!little && start[0] != (byte)'B')
        {
            throw new DBusProtocolException($"Unknown D-Bus endianness mark 0x{start[0]:x2}.");
        }

        if (start[3] != 1)
        {
            throw new DBusProtocolException($"Unsupported D-Bus protocol version {start[3]}.");
        }

        var bodyLength = little ? BinaryPrimitives.ReadUInt32LittleEndian(start[4..]) : BinaryPrimitives.ReadUInt32BigEndian(start[4..]);
        var fieldsLength = little ? BinaryPrimitives.ReadUInt32LittleEndian(start[12..]) : BinaryPrimitives.ReadUInt32BigEndian(start[12..]);
        var header = 16L + fieldsLength;
        header = (header + 7) / 8 * 8;
        var total = header + bodyLength;
        if (total > MaxLength)
        {
            throw new DBusProtocolException($"A D-Bus message of {total} bytes exceeds the {MaxLength}-byte limit.");
        }

        return (int)total;
    }

    /// <summary>Reads a whole message (as sized by <see cref="TotalLength"/>). Big-endian messages are refused.</summary>
    public static DBusMessage Parse(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < 16 || TotalLength(span) != span.Length)
        {
            throw new DBusProtocolException("A D-Bus message's length does not match its header.");
        }

        if (span[0] != (byte)'l')
        {
            throw new DBusProtocolException("Big-endian D-Bus messages are not supported by this client.");
        }

        var reader = new DBusReader(span, 4);
        var bodyLength = (int)reader.ReadUInt32();
        var serial = reader.ReadUInt32();
        var fieldsLength = (int)reader.ReadUInt32();
        var fieldsEnd = reader.Position + fieldsLength;
        string? path = null, @interface = null, member = null, errorName = null, destination = null, sender = null, signature = null;
        uint? replySerial = null;
        while (reader.Position < fieldsEnd)
        {
            reader.Align(8);
            var code = reader.ReadByte();
            var value = reader.ReadVariant();
            switch (code)
            {
                case FieldPath: path = value as string; break;
                case FieldInterface: @interface = value as string; break;
                case FieldMember: member = value as string; break;
                case FieldErrorName: errorName = value as string; break;
                case FieldReplySerial: replySerial = value as uint?; break;
                case FieldDestination: destination = value as string; break;
                case FieldSender: sender = value as string; break;
                case FieldSignature: signature = value as string; break;
                default: break; // The specification: unknown header fields are ignored.
            }
        }

        var bodyStart = span.Length - bodyLength;
        return new DBusMessage
        {
            Type = (DBusMessageType)span[1],
            Flags = span[2],
            Serial = serial,
            Path = path,
            Interface = @interface,
            Member = member,
            ErrorName = errorName,
            ReplySerial = replySerial,
            Destination = destination,
            Sender = sender,
            Signature = signature ?? string.Empty,
            Body = bytes[bodyStart..],
        };
    }

    private static void WriteField(DBusWriter writer, byte code, string signature, string? value)
    {
        if (value is null)
        {
            return;
        }

        writer.Align(8);
        writer.WriteByte(code);
        writer.WriteSignature(signature);
        writer.WriteString(value);
    }
}
