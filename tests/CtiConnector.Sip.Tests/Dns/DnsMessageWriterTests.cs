using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

public class DnsMessageWriterTests
{
    [Fact]
    public void AQueryHasTheIdRecursionDesiredOneQuestionAndTheEncodedName()
    {
        var buffer = new byte[DnsMessageWriter.MaxQueryLength];

        Assert.True(DnsMessageWriter.TryWriteQuery(buffer, 0xBEEF, "sip.example.test.", DnsRecordType.Srv, out var length));

        byte[] expected =
        [
            0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            3, (byte)'s', (byte)'i', (byte)'p', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e',
            4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0,
            0x00, 33, 0x00, 0x01,
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Theory]
    [InlineData("a..example.test")]
    [InlineData("with space.example.test")]
    [InlineData(".example.test")]
    public void AnInvalidNameIsRefused(string name)
    {
        var buffer = new byte[DnsMessageWriter.MaxQueryLength];

        Assert.False(DnsMessageWriter.TryWriteQuery(buffer, 1, name, DnsRecordType.A, out _));
    }

    [Fact]
    public void ALabelLongerThan63OctetsIsRefused()
    {
        var buffer = new byte[DnsMessageWriter.MaxQueryLength];

        Assert.False(DnsMessageWriter.TryWriteQuery(buffer, 1, new string('a', 64) + ".example.test", DnsRecordType.A, out _));
        Assert.True(DnsMessageWriter.TryWriteQuery(buffer, 1, new string('a', 63) + ".example.test", DnsRecordType.A, out _));
    }
}
