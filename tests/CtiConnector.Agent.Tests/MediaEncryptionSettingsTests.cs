using CtiConnector.Agent.Hosting;
using CtiConnector.Agent.Telephony;
using CtiConnector.Media.Srtp;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Agent.Tests;

public sealed class MediaEncryptionSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData(null, MediaEncryption.None)]
    [InlineData("none", MediaEncryption.None)]
    [InlineData("sdes", MediaEncryption.Sdes)]
    [InlineData("SDES-Required", MediaEncryption.SdesRequired)]
    public void MediaEncryptionIsReadPerAccount(string? value, MediaEncryption expected)
    {
        var values = new List<(string, string)> { ("Sip:Accounts:0:Aor", "sip:201@192.0.2.1") };
        if (value is not null)
        {
            values.Add(("Sip:Accounts:0:MediaEncryption", value));
        }

        var options = SipTelephonyFactory.ReadOptions(Config([.. values]));

        Assert.Equal(expected, options.Accounts[0].MediaEncryption);
    }

    [Fact]
    public void AnUnknownMediaEncryptionIsOneSentenceNamingTheKeyAndTheChoices()
    {
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Accounts:0:Aor", "sip:201@192.0.2.1"),
            ("Sip:Accounts:0:MediaEncryption", "zrtp"))));

        Assert.Equal("Sip:Accounts:0:MediaEncryption must be none, sdes or sdes-required; it is 'zrtp'.", error.Message);
    }

    [Fact]
    public void MediaEncryptionIsAKnownSetting()
    {
        Assert.Empty(ConfigurationKeys.Unknown(Config(("Sip:Accounts:3:MediaEncryption", "sdes"))));
    }
}
