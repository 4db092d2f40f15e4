using CtiConnector.Agent.Hosting;
using CtiConnector.Agent.Telephony;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Agent.Tests;

public sealed class AgentSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void DefaultsAreThePublicPortAndFrance()
    {
        var settings = AgentSettings.Load(Config(), "/data");

        Assert.Equal(5995, settings.ApiPort);
        Assert.Equal("FR", settings.DefaultCountry);
        Assert.Equal("sqlite", settings.StorageProvider);
        Assert.Empty(settings.AllowedOrigins);
    }

    [Theory]
    [InlineData("Api:Port", "abc", "Api:Port must be")]
    [InlineData("Api:Port", "70000", "Api:Port must be")]
    [InlineData("Api:AllowedOrigins:0", "crm.example.com", "Api:AllowedOrigins:0 must be a web origin")]
    [InlineData("Api:AllowedOrigins:0", "https://crm.example.com/path", "Api:AllowedOrigins:0 must be a web origin")]
    [InlineData("Phone:DefaultCountry", "ZZ", "Phone:DefaultCountry must be")]
    public void ABadAgentSettingIsOneSentenceNamingItsKey(string key, string value, string expected)
    {
        var error = Assert.Throws<AgentConfigurationException>(() => AgentSettings.Load(Config((key, value)), "/data"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sip:Address", "my-pc", "Sip:Address must be")]
    [InlineData("Sip:Port", "-1", "Sip:Port must be")]
    [InlineData("Sip:Accounts:0:Aor", "0123456789", "Sip:Accounts:0:Aor must be a SIP address")]
    [InlineData("Sip:KeepAliveSeconds", "-5", "Sip:KeepAliveSeconds must be")]
    [InlineData("Sip:StunServer", "stun.example.org:99999", "Sip:StunServer must be host:port with a port from 1 to 65535")]
    [InlineData("Sip:StunServer", "stun example", "Sip:StunServer must be host:port")]
    public void ABadTelephonySettingIsOneSentenceNamingItsKey(string key, string value, string expected)
    {
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config((key, value))));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTransportIsRefusedNamingTheAccount()
    {
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Accounts:1:Aor", "sip:alice@pbx.example.org"), ("Sip:Accounts:1:Transport", "sctp"))));

        Assert.StartsWith("Sip:Accounts:1:Transport must be udp, tcp or tls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATlsCaFileThatIsNotPemStopsTheStartNamingTheKeyAndTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), "cti-not-a-ca-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(file, "hello\n");
        try
        {
            var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(("Sip:TlsCaFile", file))));

            Assert.StartsWith("Sip:TlsCaFile must be a PEM file of CA certificates", error.Message, StringComparison.Ordinal);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AMissingTlsCaFileIsRefusedNamingIt()
    {
        var file = Path.Combine(Path.GetTempPath(), "cti-missing-" + Guid.NewGuid().ToString("N") + ".pem");

        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(("Sip:TlsCaFile", file))));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccountIsReadWithItsIndexAsId()
    {
        var options = SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Port", "0"),
            ("Sip:Accounts:0:Aor", "sip:0123456789@freephonie.net"),
            ("Sip:Accounts:0:Username", "0123456789"),
            ("Sip:Accounts:0:Transport", "TCP")));

        var account = Assert.Single(options.Accounts);
        Assert.Equal("0", account.Id);
        Assert.Equal("tcp", account.Transport);
        Assert.Equal(0, options.Port);
    }

    [Theory]
    [InlineData("stun.example.org", "stun.example.org", 3478)]
    [InlineData("192.0.2.1:19302", "192.0.2.1", 19302)]
    [InlineData("[2001:db8::1]:3479", "2001:db8::1", 3479)]
    [InlineData("2001:db8::1", "2001:db8::1", 3478)]
    public void NatSettingsAreRead(string stun, string host, int port)
    {
        var options = SipTelephonyFactory.ReadOptions(Config(("Sip:KeepAliveSeconds", "0"), ("Sip:StunServer", stun)));

        Assert.Equal(0, options.KeepAliveSeconds);
        Assert.True(CtiConnector.Telephony.SipTelephony.TryParseStunServer(options.StunServer!, out var parsedHost, out var parsedPort, out _));
        Assert.Equal((host, port), (parsedHost, parsedPort));
    }

    [Fact]
    public void DnsServersAreReadInOrderWithPort53ByDefault()
    {
        var options = SipTelephonyFactory.ReadOptions(Config(("Sip:DnsServers:0", "192.0.2.53:5353"), ("Sip:DnsServers:1", "192.0.2.54")));

        Assert.Equal(["192.0.2.53:5353", "192.0.2.54:53"], options.DnsServers.Select(s => s.ToString()));
        Assert.Empty(SipTelephonyFactory.ReadOptions(Config()).DnsServers);
    }

    [Fact]
    public void ADnsServerThatIsNotAnAddressIsRefusedNamingItsKey()
    {
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(("Sip:DnsServers:0", "dns.example.org"))));

        Assert.StartsWith("Sip:DnsServers:0 must be a DNS server's address", error.Message, StringComparison.Ordinal);
        Assert.Contains("dns.example.org", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDataDirectoryOptionWinsOverTheSettingAndTheEnvironment()
    {
        Assert.Equal(Path.GetFullPath("/tmp/a"), DataDirectory.Resolve("/tmp/a", ["--DataDir=/tmp/b"]));
        Assert.Equal(Path.GetFullPath("/tmp/b"), DataDirectory.Resolve(null, ["--DataDir=/tmp/b"]));
        Assert.EndsWith(DataDirectory.FolderName, DataDirectory.Default(), StringComparison.Ordinal);
    }
}
