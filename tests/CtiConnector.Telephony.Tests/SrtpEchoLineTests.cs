using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// SRTP through the built-in test line, over real SIP and RTP on loopback, with hold and resume.
/// Verifies: an account with <c>sdes</c> gets SRTP from the echo line (which offers plain RTP itself but takes an SRTP
/// offer), and the re-INVITEs of hold and resume keep the keys, so packets keep authenticating afterwards with no
/// failure and no replay.
/// Does not verify: the echoed audio (the media tests do), interoperability (SrtpBaresipTests does).
/// </summary>
public sealed class SrtpEchoLineTests
{
    [Fact]
    public async Task AnSdesAccountTalksSrtpToTheEchoLineAcrossHoldAndResume()
    {
        await using var harness = await TelephonyHarness.StartAsync(o => o.Accounts = [new AccountOptions { Id = "srtp", Aor = "sip:alice@127.0.0.1", MediaEncryption = MediaEncryption.Sdes }]);

        await harness.Telephony.DialAsync(new DialRequest("srtp-echo", "echo", "srtp"), CancellationToken.None);
        Assert.Equal("srtp-echo", harness.Next<CallAnswered>().CallId);
        await WaitForAuthenticatedAsync(harness, 50);

        await harness.Telephony.HoldAsync("srtp-echo", CancellationToken.None);
        Assert.False(harness.Next<CallHeld>().ByRemote);
        await harness.Telephony.ResumeAsync("srtp-echo", CancellationToken.None);
        Assert.Equal("srtp-echo", harness.Next<CallResumed>().CallId);
        var resumedAt = harness.Telephony.MediaStatisticsOf("srtp-echo")!.Rtp.SrtpAuthenticated;
        await WaitForAuthenticatedAsync(harness, resumedAt + 50);

        var stats = harness.Telephony.MediaStatisticsOf("srtp-echo")!;
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag80, stats.Negotiated!.Srtp!.Suite);
        Assert.Equal(0, stats.Rtp.SrtpAuthenticationFailures);
        Assert.Equal(0, stats.Rtp.SrtpReplayed);

        await harness.Telephony.HangupAsync("srtp-echo", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
    }

    private static async Task WaitForAuthenticatedAsync(TelephonyHarness harness, long packets)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (harness.Telephony.MediaStatisticsOf("srtp-echo") is not { } stats || stats.Rtp.SrtpAuthenticated < packets)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Fewer than {packets} SRTP packets authenticated: {harness.Telephony.MediaStatisticsOf("srtp-echo")?.Rtp}");
            await Task.Delay(50);
        }
    }
}
