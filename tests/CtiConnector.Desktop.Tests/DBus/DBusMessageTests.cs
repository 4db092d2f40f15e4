using CtiConnector.Desktop.DBus;

namespace CtiConnector.Desktop.Tests.DBus;

public sealed class DBusMessageTests
{
    [Fact]
    public void AHelloCallIsLaidOutAsTheSpecificationSays()
    {
        var hello = DBusMessage.MethodCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello");
        hello.Serial = 1;

        var bytes = hello.Serialize();

        // Fixed header: little-endian mark, METHOD_CALL, no flags, version 1, empty body, serial 1.
        Assert.Equal(new byte[] { (byte)'l', 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0 }, bytes[..12]);
        // First header field at offset 16: PATH (1), signature "o", then the path's length (21) aligned to 4.
        Assert.Equal(new byte[] { 1, 1, (byte)'o', 0, 21, 0, 0, 0 }, bytes[16..24]);
        Assert.Equal("/org/freedesktop/DBus"u8.ToArray(), bytes[24..45]);
        Assert.Equal(0, bytes.Length % 8);
        Assert.Equal(bytes.Length, DBusMessage.TotalLength(bytes));
    }

    [Fact]
    public void ASerializedMessageParsesBackWithItsFieldsAndBody()
    {
        var body = new DBusWriter();
        body.WriteUInt32(7);
        body.WriteString("answer");
        var signal = new DBusMessage
        {
            Type = DBusMessageType.Signal,
            Path = "/org/freedesktop/Notifications",
            Interface = "org.freedesktop.Notifications",
            Member = "ActionInvoked",
            Sender = ":1.5",
            Signature = "us",
            Body = body.Written.ToArray(),
            Serial = 42,
        };

        var parsed = DBusMessage.Parse(signal.Serialize());

        Assert.Equal(DBusMessageType.Signal, parsed.Type);
        Assert.Equal(42u, parsed.Serial);
        Assert.Equal("/org/freedesktop/Notifications", parsed.Path);
        Assert.Equal("org.freedesktop.Notifications", parsed.Interface);
        Assert.Equal("ActionInvoked", parsed.Member);
        Assert.Equal(":1.5", parsed.Sender);
        Assert.Equal("us", parsed.Signature);
        var reader = parsed.BodyReader();
        Assert.Equal(7u, reader.ReadUInt32());
        Assert.Equal("answer", reader.ReadString());
    }

    [Fact]
    public void AReplySerialSurvivesTheRoundTrip()
    {
        var reply = new DBusMessage { Type = DBusMessageType.MethodReturn, ReplySerial = 9, Destination = ":1.2", Serial = 3 };

        var parsed = DBusMessage.Parse(reply.Serialize());

        Assert.Equal(DBusMessageType.MethodReturn, parsed.Type);
        Assert.Equal(9u, parsed.ReplySerial);
        Assert.Equal(":1.2", parsed.Destination);
        Assert.Equal(string.Empty, parsed.Signature);
        Assert.True(parsed.Body.IsEmpty);
    }

    [Fact]
    public void ANotifyBodyKeepsArraysAndDictionariesAligned()
    {
        var body = new DBusWriter();
        body.WriteString("CTI Connector");
        body.WriteUInt32(0);
        body.WriteString(string.Empty);
        body.WriteString("Hervé Lefèvre");
        body.WriteString("Incoming call");
        body.WriteStringArray(["answer", "Answer", "decline", "Decline"]);
        body.WriteVariantDictionary(new Dictionary<string, object> { ["urgency"] = (byte)2, ["resident"] = true, ["category"] = "x-call" });
        body.WriteInt32(-1);

        var reader = new DBusReader(body.Written, 0);
        Assert.Equal("CTI Connector", reader.ReadString());
        Assert.Equal(0u, reader.ReadUInt32());
        Assert.Equal(string.Empty, reader.ReadString());
        Assert.Equal("Hervé Lefèvre", reader.ReadString());
        Assert.Equal("Incoming call", reader.ReadString());
        var actionsLength = reader.ReadUInt32();
        var actionsEnd = reader.Position + (int)actionsLength;
        var actions = new List<string>();
        while (reader.Position < actionsEnd)
        {
            actions.Add(reader.ReadString());
        }

        Assert.Equal(["answer", "Answer", "decline", "Decline"], actions);
        var hintsLength = reader.ReadUInt32();
        reader.Align(8);
        var hintsEnd = reader.Position + (int)hintsLength;
        var hints = new Dictionary<string, object?>();
        while (reader.Position < hintsEnd)
        {
            reader.Align(8);
            hints[reader.ReadString()] = reader.ReadVariant();
        }

        Assert.Equal((byte)2, hints["urgency"]);
        Assert.Equal(true, hints["resident"]);
        Assert.Equal("x-call", hints["category"]);
        Assert.Equal(-1, reader.ReadInt32());
        Assert.Equal(body.Length, reader.Position);
    }

    [Fact]
    public void ATruncatedMessageIsRefusedWithAProtocolError()
    {
        var body = new DBusWriter();
        body.WriteString("a string that the message will cut short");
        var message = new DBusMessage { Type = DBusMessageType.Signal, Path = "/p", Interface = "a.b", Member = "C", Signature = "s", Body = body.Written.ToArray() }
            .Serialize();

        Assert.Throws<DBusProtocolException>(() => DBusMessage.Parse(message.AsMemory(0, message.Length - 8)));
    }

    [Fact]
    public void AStringLongerThanItsMessageIsRefused()
    {
        var body = new DBusWriter();
        body.WriteUInt32(1000);
        body.WriteRaw("abc\0"u8);

        Assert.Throws<DBusProtocolException>(() =>
        {
            var reader = new DBusReader(body.Written, 0);
            reader.ReadString();
        });
    }

    [Theory]
    [InlineData((byte)'x', 1)]
    [InlineData((byte)'l', 2)]
    public void AnUnknownEndiannessOrVersionIsRefused(byte mark, byte version)
    {
        var header = new byte[16];
        header[0] = mark;
        header[3] = version;

        Assert.Throws<DBusProtocolException>(() => DBusMessage.TotalLength(header));
    }

    [Fact]
    public void AMessageAboveTheSizeLimitIsRefusedBeforeItIsRead()
    {
        var header = new byte[16];
        header[0] = (byte)'l';
        header[3] = 1;
        BitConverter.TryWriteBytes(header.AsSpan(4), (uint)(DBusMessage.MaxLength + 1));

        Assert.Throws<DBusProtocolException>(() => DBusMessage.TotalLength(header));
    }

    [Fact]
    public void AddressesNamePathsAndAbstractSocketsInOrderAndSkipOtherTransports()
    {
        var endpoints = DBusAddress.Parse("tcp:host=127.0.0.1,port=1;unix:abstract=/tmp/dbus-1,guid=ab;unix:path=/run/user/1000/b%20us");

        Assert.Equal(2, endpoints.Count);
        Assert.Equal("\0/tmp/dbus-1", endpoints[0].ToString().Replace("@", "\0", StringComparison.Ordinal));
        Assert.Equal("/run/user/1000/b us", endpoints[1].ToString());
    }
}
