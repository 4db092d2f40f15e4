using System.Text.RegularExpressions;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// What goes on the wire for an e-mail-style address and for an account with an accented display name, checked in
/// sipp's message trace. Verifies: <c>jane@example.org</c> becomes the Request-URI <c>sip:jane@example.org</c> (through
/// the account's outbound proxy, so no DNS is needed), the From display name leaves as UTF-8 in a quoted string, and
/// the account's codec order leads the offer. Does not verify: DNS resolution of the domain (the DNS tests do).
/// </summary>
public sealed class AddressDialingTests
{
    [Fact]
    public async Task AnEmailStyleAddressIsCalledAsItsSipUriWithTheAccentedDisplayNameInUtf8()
    {
        await using var sipp = SippRunner.Start("uas", "-m", "1");
        var account = new AccountOptions
        {
            Id = "main",
            Aor = "sip:herve@127.0.0.1",
            DisplayName = "Hervé Lefèvre",
            OutboundProxy = $"sip:127.0.0.1:{sipp.Port}",
            Codecs = [Media.Codecs.AudioCodec.Pcma, Media.Codecs.AudioCodec.Pcmu],
        };
        await using var harness = await TelephonyHarness.StartAsync(o => o.Accounts = [account]);

        await harness.Telephony.DialAsync(new DialRequest("mail-1", "jane@example.org", "main"), CancellationToken.None);

        Assert.Equal("mail-1", harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        await harness.Telephony.HangupAsync("mail-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        var messages = sipp.Messages;
        Assert.Contains("INVITE sip:jane@example.org SIP/2.0", messages, StringComparison.Ordinal);
        Assert.Contains("From: \"Hervé Lefèvre\" <sip:herve@127.0.0.1>", messages, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"m=audio \d+ RTP/AVP 8 0 "), messages);
    }

    [Fact]
    public async Task AnAddressThatIsNeitherANumberNorASipAddressIsRefusedWithAReason()
    {
        await using var harness = await TelephonyHarness.StartAsync();

        var error = await Assert.ThrowsAsync<TelephonyException>(
            () => harness.Telephony.DialAsync(new DialRequest("bad-1", "jane@exa mple.org", null), CancellationToken.None));

        Assert.Equal("bad-target", error.Code);
        Assert.Contains("jane@exa mple.org", error.Message, StringComparison.Ordinal);
    }
}
