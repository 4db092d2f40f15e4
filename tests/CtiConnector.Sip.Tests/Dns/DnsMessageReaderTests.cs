using System.Net;
using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

public class DnsMessageReaderTests
{
    private const ushort A = 1;
    private const ushort Srv = 33;
    private const ushort Naptr = 35;

    [Fact]
    public void AnAnswerWhoseNamePointsAtTheQuestionIsRead()
    {
        var packet = DnsPacketBuilder.Response(0x1234, 1, 1)
            .Name("sip1.example.test").Question(A)
            .Pointer(12).RecordHeader(A, 300, 4).Bytes(127, 0, 0, 7)
            .ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out var error));

        Assert.Equal(DnsParseError.None, error);
        Assert.Equal(0x1234, response!.Id);
        Assert.Equal("sip1.example.test", response.QuestionName);
        Assert.Equal(A, response.QuestionType);
        var record = Assert.IsType<DnsAddressRecord>(Assert.Single(response.Answers));
        Assert.Equal("sip1.example.test", record.Name);
        Assert.Equal(IPAddress.Parse("127.0.0.7"), record.Address);
        Assert.Equal(TimeSpan.FromSeconds(300), record.TimeToLive);
    }

    [Fact]
    public void ASrvTargetMadeOfLabelsAndAPointerIsRead()
    {
        // Question _sip._udp.example.test; the SRV target is "sip2" followed by a pointer to "example.test" (offset 12+5+5).
        var packet = DnsPacketBuilder.Response(7, 1, 1)
            .Name("_sip._udp.example.test").Question(Srv)
            .Pointer(12).RecordHeader(Srv, 60, 6 + 5 + 2).U16(10).U16(20).U16(5080).Labels("sip2").Pointer(22)
            .ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out _));

        var srv = Assert.IsType<DnsSrvRecord>(Assert.Single(response!.Answers));
        Assert.Equal(("_sip._udp.example.test", (ushort)10, (ushort)20, (ushort)5080, "sip2.example.test"), (srv.Name, srv.Priority, srv.Weight, srv.Port, srv.Target));
    }

    [Fact]
    public void ANaptrRecordGivesItsFieldsAndReplacement()
    {
        var replacement = "_sip._tcp.example.test";
        var dataLength = 4 + 2 + 8 + 1 + (replacement.Length + 2);
        var packet = DnsPacketBuilder.Response(9, 1, 1)
            .Name("example.test").Question(Naptr)
            .Pointer(12).RecordHeader(Naptr, 120, dataLength).U16(10).U16(50).CharacterString("s").CharacterString("SIP+D2T").CharacterString(string.Empty).Name(replacement)
            .ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out var error), error.ToString());

        var naptr = Assert.IsType<DnsNaptrRecord>(Assert.Single(response!.Answers));
        Assert.Equal((10, 50, "s", "SIP+D2T", string.Empty, replacement), ((int)naptr.Order, (int)naptr.Preference, naptr.Flags, naptr.Services, naptr.Regexp, naptr.Replacement));
    }

    [Fact]
    public void RecordsOfUnknownTypesAreSkippedAndTheNextOneIsRead()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 2)
            .Name("example.test").Question(A)
            .Pointer(12).RecordHeader(16, 60, 4).CharacterString("abc") // TXT
            .Pointer(12).RecordHeader(A, 60, 4).Bytes(10, 0, 0, 1)
            .ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out _));

        Assert.Equal(IPAddress.Parse("10.0.0.1"), Assert.IsType<DnsAddressRecord>(Assert.Single(response!.Answers)).Address);
    }

    [Fact]
    public void ATtlWithTheTopBitSetReadsAsZero()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 1)
            .Name("example.test").Question(A)
            .Pointer(12).RecordHeader(A, 0x80000000, 4).Bytes(10, 0, 0, 1)
            .ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out _));

        Assert.Equal(TimeSpan.Zero, Assert.Single(response!.Answers).TimeToLive);
    }

    [Fact]
    public void TheRcodeAndTruncationBitAreReported()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 0, rcode: 3, truncated: true).Name("nope.example.test").Question(A).ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out _));

        Assert.Equal(DnsResponseCode.NameError, response!.ResponseCode);
        Assert.True(response.Truncated);
    }

    [Fact]
    public void ATruncatedAnswerCutInsideARecordIsStillReadAsTruncatedForTheTcpRetry()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 5, truncated: true).Name("big.example.test").Question(A).Pointer(12).RecordHeader(A, 60, 4).Bytes(10, 0).ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out _));

        Assert.True(response!.Truncated);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public void TheNegativeTtlIsTheSmallerOfTheSoaTtlAndItsMinimum()
    {
        // The zone name "example.test" starts at offset 12 + 5 ("nope" label).
        var packet = DnsPacketBuilder.Response(1, 1, 0, rcode: 3, authorities: 1)
            .Name("nope.example.test").Question(A)
            .Soa(17, ttl: 300, minimum: 120)
            .ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out var error), error.ToString());

        Assert.Equal(TimeSpan.FromSeconds(120), response!.NegativeTtl);
    }

    [Fact]
    public void AnAnswerWithoutSoaHasNoNegativeTtl()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 0, rcode: 3).Name("nope.example.test").Question(A).ToArray();

        Assert.True(DnsMessageReader.TryRead(packet, out var response, out _));

        Assert.Null(response!.NegativeTtl);
    }

    [Fact]
    public void EveryProperPrefixOfAnAnswerIsRejectedAsTruncated()
    {
        var packet = DnsPacketBuilder.Response(0x4321, 1, 1)
            .Name("_sip._udp.example.test").Question(Srv)
            .Pointer(12).RecordHeader(Srv, 60, 6 + 2).U16(0).U16(5).U16(5060).Pointer(22)
            .ToArray();
        Assert.True(DnsMessageReader.TryRead(packet, out _, out _));

        for (var length = 0; length < packet.Length; length++)
        {
            Assert.False(DnsMessageReader.TryRead(packet.AsSpan(0, length), out _, out var error));
            Assert.True(error is DnsParseError.Truncated or DnsParseError.BadRecordData, $"prefix {length}: {error}");
        }
    }

    [Fact]
    public void AnAnswerCountLargerThanTheRecordsPresentIsRejected()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 3)
            .Name("example.test").Question(A)
            .Pointer(12).RecordHeader(A, 60, 4).Bytes(10, 0, 0, 1)
            .ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.Truncated, error);
    }

    [Fact]
    public void AQuestionCountLargerThanTheQuestionsPresentIsRejected()
    {
        var packet = DnsPacketBuilder.Response(1, 2, 0).Name("example.test").Question(A).ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.Truncated, error);
    }

    [Fact]
    public void APointerToItselfIsRejectedAsALoop()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 0).Pointer(12).Question(A).ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.PointerLoop, error);
    }

    [Fact]
    public void TwoPointersThatPointAtEachOtherAreRejectedAsALoop()
    {
        // Question "a" + pointer to the answer's name at offset 19; the answer's name is a pointer back to 12.
        var packet = DnsPacketBuilder.Response(1, 1, 1)
            .Labels("a").Pointer(19).Question(A)
            .Pointer(12).RecordHeader(A, 60, 4).Bytes(10, 0, 0, 1)
            .ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.PointerLoop, error);
    }

    [Fact]
    public void APointerPastTheEndOfThePacketIsRejected()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 1)
            .Name("example.test").Question(A)
            .Pointer(0x3FFF).RecordHeader(A, 60, 4).Bytes(10, 0, 0, 1)
            .ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.PointerLoop, error);
    }

    [Fact]
    public void ALabelWithTheReservedPrefixIsRejected()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 0).Bytes(0x41, (byte)'x', 0).Question(A).ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.BadName, error);
    }

    [Fact]
    public void ANameLongerThan255OctetsIsRejected()
    {
        var builder = DnsPacketBuilder.Response(1, 1, 0);
        for (var i = 0; i < 5; i++)
        {
            builder.Labels(new string('a', 60));
        }

        var packet = builder.U8(0).Question(A).ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.BadName, error);
    }

    [Fact]
    public void AnARecordWhoseDataIsNotFourOctetsIsRejected()
    {
        var packet = DnsPacketBuilder.Response(1, 1, 1)
            .Name("example.test").Question(A)
            .Pointer(12).RecordHeader(A, 60, 3).Bytes(10, 0, 0)
            .ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.Equal(DnsParseError.BadRecordData, error);
    }

    [Fact]
    public void ASrvTargetRunningPastItsRecordDataIsRejected()
    {
        // RDLENGTH says 8 but the target name needs more: the name must end inside the RDATA.
        var packet = DnsPacketBuilder.Response(1, 1, 1)
            .Name("_sip._udp.example.test").Question(Srv)
            .Pointer(12).RecordHeader(Srv, 60, 8).U16(0).U16(0).U16(5060).Labels("sip1").Pointer(22)
            .ToArray();

        Assert.False(DnsMessageReader.TryRead(packet, out _, out var error));

        Assert.NotEqual(DnsParseError.None, error);
    }

    [Fact]
    public void AQueryIsNotAcceptedAsAResponse()
    {
        var query = new byte[DnsMessageWriter.MaxQueryLength];
        Assert.True(DnsMessageWriter.TryWriteQuery(query, 5, "example.test", DnsRecordType.A, out var length));

        Assert.False(DnsMessageReader.TryRead(query.AsSpan(0, length), out _, out var error));

        Assert.Equal(DnsParseError.NotAResponse, error);
    }

    [Fact]
    public void RandomBytesNeverThrowAndEveryRejectionNamesAReason()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = new byte[random.Next(0, 80)];
            random.NextBytes(packet);
            if (packet.Length > 2)
            {
                packet[2] |= 0x80;
            }

            var accepted = DnsMessageReader.TryRead(packet, out var response, out var error);

            Assert.Equal(accepted, response is not null);
            Assert.Equal(accepted, error == DnsParseError.None);
        }
    }
}
