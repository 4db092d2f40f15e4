using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// Calls to and from a real sipp on loopback: the signalling paths every softphone must get right.
/// Verifies: INVITE/ACK/BYE both ways, busy, CANCEL/487, remote BYE, remote hold, session refresh, late offer,
/// being transferred (REFER to the test line, also with our final NOTIFY unanswered), transferring to a party that never
/// sends NOTIFY, forking (two 2xx), SIP INFO DTMF, and the dispositions they map to. Attended transfer (Replaces) is
/// covered between three agents in <see cref="AttendedTransferTests"/>.
/// Does not verify: audio content (see the media tests and the baresip test).
/// </summary>
public sealed class SippCallTests
{
    private static string Scenario(string name) => SippScenarios.Load(name);

    [Fact]
    public async Task OutgoingCallToSippIsAnsweredAndOurByeEndsIt()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start("uas", "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("out-1", sipp.Uri(), null), CancellationToken.None);

        Assert.Equal("out-1", harness.Next<CallRinging>().CallId);
        var answered = harness.Next<CallAnswered>();
        Assert.Equal("out-1", answered.CallId);
        Assert.False(answered.Encrypted);
        await harness.Telephony.HangupAsync("out-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task IncomingCallFromSippRingsIsAnsweredAndEndsWithTheCallersBye()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start("uac", $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "0123456789", "-m", "1", "-d", "500");

        var started = harness.Next<CallStarted>();
        Assert.Equal(CallDirection.Inbound, started.Direction);
        Assert.Equal("sipp", started.RemoteNumber);
        await harness.Telephony.AnswerAsync(started.CallId, CancellationToken.None);
        Assert.Equal(started.CallId, harness.Next<CallAnswered>().CallId);
        var ended = harness.Next<CallEnded>();
        Assert.Equal(CallDisposition.Answered, ended.Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task BusyCalleeEndsTheCallAsBusy()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start(Scenario("uas-busy.xml"), "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("busy-1", sipp.Uri(), null), CancellationToken.None);

        var ended = harness.Next<CallEnded>();
        Assert.Equal(CallDisposition.Busy, ended.Disposition);
        Assert.Contains("486", ended.Reason, StringComparison.Ordinal);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task HangingUpWhileItRingsSendsCancelAndEndsAsCancelled()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start(Scenario("uas-ring-cancel.xml"), "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("cancel-1", sipp.Uri(), null), CancellationToken.None);
        Assert.Equal("cancel-1", harness.Next<CallRinging>().CallId);
        await harness.Telephony.HangupAsync("cancel-1", CancellationToken.None);

        Assert.Equal(CallDisposition.Cancelled, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task RemoteByeEndsAnAnsweredCall()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-answer-remote-bye.xml").Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("bye-1", sipp.Uri(), null), CancellationToken.None);

        Assert.Equal("bye-1", harness.Next<CallAnswered>().CallId);
        var ended = harness.Next<CallEnded>();
        Assert.Equal(CallDisposition.Answered, ended.Disposition);
        Assert.Contains("hung up", ended.Reason, StringComparison.Ordinal);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task TheOtherSideHoldsAndResumesTheCall()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-remote-hold-resume.xml").Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("hold-1", sipp.Uri(), null), CancellationToken.None);

        Assert.Equal("hold-1", harness.Next<CallAnswered>().CallId);
        Assert.True(harness.Next<CallHeld>().ByRemote);
        Assert.Equal("hold-1", harness.Next<CallResumed>().CallId);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task BeingTransferredCallsTheTargetReportsProgressAndEndsTheOldCall()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-refer.xml")
            .Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal)
            .Replace("@REFER_TARGET@", harness.Telephony.EchoLineUri!.ToString(), StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("xfer-1", sipp.Uri(), null), CancellationToken.None);

        Assert.Equal("xfer-1", harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        var transferred = harness.Next<CallTransferred>(context: sipp.Describe);
        Assert.Equal("xfer-1", transferred.CallId);
        Assert.StartsWith("sip:echo@", transferred.Target, StringComparison.Ordinal);
        var newCall = harness.Next<CallStarted>();
        Assert.NotEqual("xfer-1", newCall.CallId);
        Assert.Equal(newCall.CallId, harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        var ended = harness.Next<CallEnded>(context: sipp.Describe);
        Assert.Equal("xfer-1", ended.CallId);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        await harness.Telephony.HangupAsync(newCall.CallId, CancellationToken.None);
    }

    [Fact]
    public async Task BeingTransferredEndsTheOldCallSoonEvenWhenTheFinalNotifyIsNeverAnswered()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-refer-notify-unanswered.xml")
            .Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal)
            .Replace("@REFER_TARGET@", harness.Telephony.EchoLineUri!.ToString(), StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("xfer-2", sipp.Uri(), null), CancellationToken.None);

        Assert.Equal("xfer-2", harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        Assert.Equal("xfer-2", harness.Next<CallTransferred>(context: sipp.Describe).CallId);
        var newCall = harness.Next<CallStarted>();
        Assert.Equal(newCall.CallId, harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        // Well within the 32 s the unanswered NOTIFY's transaction lasts: the BYE does not wait for it.
        var ended = harness.Next<CallEnded>(seconds: 20, context: sipp.Describe);
        Assert.Equal("xfer-2", ended.CallId);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        await harness.Telephony.HangupAsync(newCall.CallId, CancellationToken.None);
    }

    [Fact]
    public async Task TransferringToAPartyThatNeverNotifiesStillEndsOurCallWithBye()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start(Scenario("uas-transfer-target-silent.xml"), "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("xfer-3", sipp.Uri(), null), CancellationToken.None);
        Assert.Equal("xfer-3", harness.Next<CallAnswered>(context: sipp.Describe).CallId);

        await harness.Telephony.TransferAsync("xfer-3", "sip:carol@127.0.0.1:9", null, CancellationToken.None);

        var transferred = harness.Next<CallTransferred>(context: sipp.Describe);
        Assert.Equal("sip:carol@127.0.0.1:9", transferred.Target);
        var ended = harness.Next<CallEnded>(context: sipp.Describe);
        Assert.Equal("xfer-3", ended.CallId);
        Assert.Equal(CallDisposition.Answered, ended.Disposition);
        Assert.Equal("hung up", ended.Reason);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task WhenTheInviteForksTheFirstAnswerKeepsTheCallAndTheSecondIsAcknowledgedAndHungUp()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-fork.xml").Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("fork-1", sipp.Uri(), null), CancellationToken.None);

        // sipp checks the tags of the two BYEs; the INFO it sends in the first dialog after the second one's BYE
        // shows that the call kept the first answer.
        var events = harness.Until<CallDtmf>(context: sipp.Describe);
        Assert.Equal(["fork-1"], events.OfType<CallAnswered>().Select(e => e.CallId));
        Assert.Empty(events.OfType<CallEnded>());
        Assert.Equal('1', ((CallDtmf)events[^1]).Digit);
        await harness.Telephony.HangupAsync("fork-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>(context: sipp.Describe).Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task DtmfInSipInfoReachesTheCallAndAnUnknownInfoBodyIsRefused()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-info-dtmf.xml").Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("info-1", sipp.Uri(), null), CancellationToken.None);

        var events = harness.Until<CallEnded>(context: sipp.Describe);
        Assert.Equal(['5', '7'], events.OfType<CallDtmf>().Select(e => e.Digit));
        Assert.All(events.OfType<CallDtmf>(), e => Assert.Equal("info-1", e.CallId));
        Assert.Equal(CallDisposition.Answered, ((CallEnded)events[^1]).Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task ACallerWhoGivesUpWhileWeRingIsLoggedAsMissed()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start(Scenario("uac-cancel.xml"), $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "cti", "-m", "1");

        var started = harness.Next<CallStarted>();
        Assert.Equal("+33123456789", started.RemoteNumber);
        Assert.Equal("Hervé Lefèvre", started.RemoteDisplayName);
        var ended = harness.Next<CallEnded>();
        Assert.Equal(started.CallId, ended.CallId);
        Assert.Equal(CallDisposition.Missed, ended.Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task AnAnsweredCallTheCallerNeverAcknowledgesIsLoggedAsFailedNotMissed()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start(Scenario("uac-no-ack.xml").Replace("@MEDIA_PORT@", "9", StringComparison.Ordinal), $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "cti", "-m", "1");

        var started = harness.Next<CallStarted>(context: sipp.Describe);
        await harness.Telephony.AnswerAsync(started.CallId, CancellationToken.None);

        // Timer H (64 × T1 = 32 s) gives up on the ACK; the call was never established.
        var events = harness.Until<CallEnded>(seconds: 90, context: sipp.Describe);
        Assert.DoesNotContain(events, e => e is CallAnswered);
        Assert.Equal((started.CallId, CallDisposition.Failed), (((CallEnded)events[^1]).CallId, ((CallEnded)events[^1]).Disposition));
    }

    [Fact]
    public async Task DoNotDisturbAnswersBusyAndStillReportsTheCallAsMissed()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        harness.Telephony.SetDoNotDisturb(true);
        await using var sipp = SippRunner.Start(Scenario("uac-expect-busy.xml"), $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "cti", "-m", "1");

        var started = harness.Next<CallStarted>();
        Assert.Equal(CallDirection.Inbound, started.Direction);
        Assert.Equal(CallDisposition.Missed, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task DecliningAnIncomingCallAnswers603AndLogsItAsDeclined()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start("uac", $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "cti", "-m", "1");

        var started = harness.Next<CallStarted>();
        await harness.Telephony.HangupAsync(started.CallId, CancellationToken.None);

        Assert.Equal(CallDisposition.Declined, harness.Next<CallEnded>().Disposition);

        // sipp's built-in caller expects a 200, so it counts the call as failed; what matters is what it received.
        Assert.NotEqual(0, await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("SIP/2.0 603 Decline", sipp.Messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenThePeerMakesUsRefresherWeSendASessionRefresh()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        var scenario = Scenario("uas-session-timer.xml").Replace("@AGENT_URI@", $"sip:cti@127.0.0.1:{harness.Telephony.SipPort}", StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("timer-1", sipp.Uri(), null), CancellationToken.None);

        Assert.Equal("timer-1", harness.Next<CallAnswered>().CallId);
        Assert.Equal(0, await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
        Assert.Contains("Session-Expires: 2;refresher=uac", sipp.Messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInviteWithoutSdpGetsOurOfferAndTheAnswerComesInTheAck()
    {
        await using var harness = await TelephonyHarness.StartAsync();
        await using var sipp = SippRunner.Start(Scenario("uac-late-offer.xml"), $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "cti", "-m", "1");

        var started = harness.Next<CallStarted>(context: sipp.Describe);
        Assert.Equal("0601020304", started.RemoteNumber);
        await harness.Telephony.AnswerAsync(started.CallId, CancellationToken.None);

        Assert.Equal(started.CallId, harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>(context: sipp.Describe).Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }
}
