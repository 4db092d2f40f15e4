using System.Net;
using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

public class SystemDnsServersTests
{
    [Fact]
    public void NameserverLinesAreReadInOrderAndTheRestIsIgnored()
    {
        string[] lines =
        [
            "# comment",
            "search example.test",
            "nameserver 192.0.2.1",
            "  nameserver   2001:db8::53  ",
            "nameserver not-an-address",
            "options ndots:2",
            "; nameserver 192.0.2.9",
        ];

        var servers = SystemDnsServers.Parse(lines);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53), new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53)], servers);
    }

    [Theory]
    [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
    [InlineData("192.0.2.1", "192.0.2.1", 53)]
    [InlineData("[2001:db8::1]:5300", "2001:db8::1", 5300)]
    [InlineData("2001:db8::1", "2001:db8::1", 53)]
    public void AConfiguredServerIsParsedWithPort53ByDefault(string text, string address, int port)
    {
        Assert.True(DnsClientOptions.TryParseServer(text, out var server));

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), server);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.example.test:53")]
    [InlineData("127.0.0.1:99999")]
    public void AConfiguredServerThatIsNotAnAddressIsRefused(string text)
    {
        Assert.False(DnsClientOptions.TryParseServer(text, out _));
    }
}
