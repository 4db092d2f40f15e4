using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Media.Srtp;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// An account that requires encrypted media calls sipp, which answers plain RTP (RTP/AVP, no a=crypto).
/// Verifies: the call is not reported answered, our BYE ends it, and it ends failed with a reason the user can read.
/// Does not verify: SRTP audio itself (see <see cref="SrtpBaresipTests"/>).
/// </summary>
public sealed class SrtpSippTests
{
    [Fact]
    public async Task APlainAnswerToOurRequiredSrtpOfferEndsTheCallAsFailedWithTheReason()
    {
        await using var harness = await TelephonyHarness.StartAsync(o => o.Accounts =
        [
            new AccountOptions { Id = "srtp", Aor = "sip:alice@127.0.0.1", MediaEncryption = MediaEncryption.SdesRequired },
        ]);
        await using var sipp = SippRunner.Start(SippScenarios.Load("uas-answer-plain-expect-bye.xml"), "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("srtp-plain", sipp.Uri(), "srtp"), CancellationToken.None);

        var events = harness.Until<CallEnded>(context: sipp.Describe);
        Assert.DoesNotContain(events, e => e is CallAnswered);
        var ended = Assert.IsType<CallEnded>(events[^1]);
        Assert.Equal("srtp-plain", ended.CallId);
        Assert.Equal(CallDisposition.Failed, ended.Disposition);
        Assert.Equal("the other side did not accept encrypted media", ended.Reason);
        // sipp ends only with our BYE, answered 200.
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }
}
