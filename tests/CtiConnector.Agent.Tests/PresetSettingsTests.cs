using CtiConnector.Agent.Hosting;
using CtiConnector.Agent.Telephony;
using CtiConnector.Media.Codecs;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Agent.Tests;

/// <summary><c>Sip:Accounts:N:Preset</c> and <c>:Codecs</c> as the agent reads them at start.</summary>
public sealed class PresetSettingsTests
{
    [Fact]
    public void TheFreePresetNeedsOnlyTheNumberAndThePassword()
    {
        var options = SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Accounts:0:Preset", "free"), ("Sip:Accounts:0:Username", "0912345678"), ("Sip:Accounts:0:Password", "s3cret")));

        var account = Assert.Single(options.Accounts);
        Assert.Equal("sip:0912345678@freephonie.net", account.Aor);
        Assert.Equal("sip:freephonie.net", account.Registrar);
        Assert.Equal("udp", account.Transport);
        Assert.Equal(3600, account.Expires);
        Assert.Equal([AudioCodec.Pcma, AudioCodec.Pcmu], account.Codecs);
        Assert.Equal("free", account.Preset);
    }

    [Fact]
    public void ExplicitKeysWinOverThePresetButNotBelowItsMinimumExpiry()
    {
        var options = SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Accounts:0:Preset", "FREE"),
            ("Sip:Accounts:0:Aor", "sip:0912345678@127.0.0.1:5080"),
            ("Sip:Accounts:0:Registrar", "sip:127.0.0.1:5080"),
            ("Sip:Accounts:0:Transport", "tcp"),
            ("Sip:Accounts:0:Expires", "300"),
            ("Sip:Accounts:0:Codecs", "PCMU")));

        var account = Assert.Single(options.Accounts);
        Assert.Equal("sip:0912345678@127.0.0.1:5080", account.Aor);
        Assert.Equal("sip:127.0.0.1:5080", account.Registrar);
        Assert.Equal("tcp", account.Transport);
        Assert.Equal(1800, account.Expires);
        Assert.Equal([AudioCodec.Pcmu], account.Codecs);
    }

    [Fact]
    public void AnUnknownPresetIsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Accounts:2:Preset", "freebox"), ("Sip:Accounts:2:Username", "0912345678"))));

        Assert.StartsWith("Sip:Accounts:2:Preset 'freebox' is not a known preset", error.Message, StringComparison.Ordinal);
        Assert.Contains("free, sfr, ovh, orange, asterisk, 3cx, kamailio", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APresetWithoutWhatTheUserMustTypeSaysWhatIsMissing()
    {
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(("Sip:Accounts:0:Preset", "asterisk"))));

        Assert.StartsWith("Sip:Accounts:0 uses the preset 'asterisk', which needs Username", error.Message, StringComparison.Ordinal);
        Assert.Contains("Registrar (the PBX address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccountWithoutPresetKeepsTheDefaultCodecOrderAndAnUnknownCodecIsRefused()
    {
        var plain = SipTelephonyFactory.ReadOptions(Config(("Sip:Accounts:0:Aor", "sip:201@192.0.2.1")));
        var error = Assert.Throws<AgentConfigurationException>(() => SipTelephonyFactory.ReadOptions(Config(
            ("Sip:Accounts:0:Aor", "sip:201@192.0.2.1"), ("Sip:Accounts:0:Codecs", "G729"))));

        Assert.Null(Assert.Single(plain.Accounts).Codecs);
        Assert.Null(plain.Accounts[0].Preset);
        Assert.StartsWith("Sip:Accounts:0:Codecs must list PCMA and/or PCMU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PresetAndCodecsAreKnownKeys()
    {
        var unknown = ConfigurationKeys.Unknown(Config(("Sip:Accounts:0:Preset", "free"), ("Sip:Accounts:0:Codecs", "PCMA")));

        Assert.Empty(unknown);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
