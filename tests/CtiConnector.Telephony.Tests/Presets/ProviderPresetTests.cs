using CtiConnector.Media.Codecs;
using CtiConnector.Telephony.Presets;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Telephony.Tests.Presets;

public sealed class ProviderPresetTests
{
    private static ProviderPreset Free => ProviderPresets.Find("free")!;

    [Fact]
    public void TheFreePresetFillsTheDomainRegistrarExpiryAndALawFirstFromTheNumberAlone()
    {
        var fields = Free.Fill(new Dictionary<string, string?> { ["Username"] = "0912345678", ["Password"] = "s3cret" });

        Assert.Equal("sip:0912345678@freephonie.net", fields["Aor"]);
        Assert.Equal("sip:freephonie.net", fields["Registrar"]);
        Assert.Equal("udp", fields["Transport"]);
        Assert.Equal("3600", fields["Expires"]);
        Assert.Equal("PCMA,PCMU", fields["Codecs"]);
        Assert.Equal("s3cret", fields["Password"]);
    }

    [Fact]
    public void ExplicitFieldsWinOverThePreset()
    {
        var fields = Free.Fill(new Dictionary<string, string?>
        {
            ["aor"] = "sip:0912345678@127.0.0.1:5080",
            ["Registrar"] = "sip:127.0.0.1:5080",
            ["Transport"] = "tcp",
            ["Expires"] = "7200",
            ["Codecs"] = "PCMU",
        });

        Assert.Equal("sip:0912345678@127.0.0.1:5080", fields["Aor"]);
        Assert.Equal("sip:127.0.0.1:5080", fields["Registrar"]);
        Assert.Equal("tcp", fields["Transport"]);
        Assert.Equal("7200", fields["Expires"]);
        Assert.Equal("PCMU", fields["Codecs"]);
    }

    [Theory]
    [InlineData("60", "1800")]
    [InlineData("1799", "1800")]
    [InlineData("1800", "1800")]
    [InlineData("not-a-number", "not-a-number")]
    public void AnExpiryBelowTheProvidersMinimumIsRaisedToIt(string typed, string expected)
    {
        var fields = Free.Fill(new Dictionary<string, string?> { ["Username"] = "0912345678", ["Expires"] = typed });

        Assert.Equal(expected, fields["Expires"]);
    }

    [Fact]
    public void APbxPresetBuildsTheAorFromTheExtensionAndThePbxAddress()
    {
        var fields = ProviderPresets.Find("asterisk")!.Fill(new Dictionary<string, string?> { ["Username"] = "201", ["Registrar"] = "192.0.2.1:5080" });

        Assert.Equal("sip:201@192.0.2.1:5080", fields["Aor"]);
        Assert.Equal("192.0.2.1:5080", fields["Registrar"]);
        Assert.Equal("PCMU,PCMA", fields["Codecs"]);
    }

    [Fact]
    public void APbxPresetRegistersAtTheAorsDomainWhenNoRegistrarIsGiven()
    {
        var fields = ProviderPresets.Find("3CX")!.Fill(new Dictionary<string, string?> { ["Aor"] = "sip:201@192.0.2.1;transport=udp", ["Username"] = "x7Yq2" });

        Assert.Equal("sip:192.0.2.1", fields["Registrar"]);
        Assert.Equal("sip:201@192.0.2.1;transport=udp", fields["Aor"]);
    }

    [Fact]
    public void EveryPresetHasAUniqueIdANameWhatTheUserTypesAndNotes()
    {
        Assert.Equal(ProviderPresets.All.Count, ProviderPresets.All.Select(p => p.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ProviderPresets.All, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Name));
            Assert.NotEmpty(p.Inputs);
            Assert.False(string.IsNullOrWhiteSpace(p.Notes));
            Assert.InRange(p.MinExpires, 1, p.Expires);
            Assert.Contains(p.Transport, new[] { "udp", "tcp", "tls" });
        });
        Assert.Null(ProviderPresets.Find("freebox"));
        Assert.Contains("free", ProviderPresets.KnownIds, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PCMA,PCMU", new[] { AudioCodec.Pcma, AudioCodec.Pcmu })]
    [InlineData(" pcmu ", new[] { AudioCodec.Pcmu })]
    [InlineData("G711A", new[] { AudioCodec.Pcma })]
    public void CodecListsAreReadInTheirOrder(string text, AudioCodec[] expected)
    {
        Assert.True(CodecNames.TryParse(text, out var codecs));
        Assert.Equal(expected, codecs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G729")]
    [InlineData("PCMA,PCMA")]
    public void UnknownOrRepeatedCodecsAreRefused(string text) => Assert.False(CodecNames.TryParse(text, out _));

    [Fact]
    public async Task TheOfferOfAnAccountWithTheFreeCodecOrderListsALawFirst()
    {
        var factory = new CallMediaFactory(new TelephonyOptions { AudioDevice = "null" }, NullLoggerFactory.Instance, TimeProvider.System);
        var account = new AccountOptions { Id = "0", Aor = "sip:0912345678@freephonie.net", Codecs = [AudioCodec.Pcma, AudioCodec.Pcmu] };

        var free = await OfferOfAsync(factory.Create(account));
        var plain = await OfferOfAsync(factory.Create());

        Assert.Matches(@"m=audio \d+ RTP/AVP 8 0 ", free);
        Assert.Matches(@"m=audio \d+ RTP/AVP 0 8 ", plain);
    }

    private static async Task<string> OfferOfAsync(ICallMedia media)
    {
        await using (media)
        {
            return media.CreateOffer(hold: false);
        }
    }
}
