using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// The built-in test line, end to end over real SIP and RTP on loopback: what a new user does first.
/// Verifies signalling and state; the echoed audio itself is checked by the media tests.
/// </summary>
public sealed class EchoLineTests
{
    [Fact]
    public async Task DiallingEchoIsAnsweredAndHangsUpCleanly()
    {
        await using var harness = await TelephonyHarness.StartAsync();

        await harness.Telephony.DialAsync(new DialRequest("call-1", "echo", null), CancellationToken.None);

        var started = harness.Next<CallStarted>();
        Assert.Equal("call-1", started.CallId);
        Assert.Equal(CallDirection.Outbound, started.Direction);
        Assert.Equal("echo", started.RemoteNumber);
        Assert.Equal("call-1", harness.Next<CallAnswered>().CallId);

        await harness.Telephony.HangupAsync("call-1", CancellationToken.None);
        var ended = harness.Next<CallEnded>();
        Assert.Equal(CallDisposition.Answered, ended.Disposition);
    }

    [Fact]
    public async Task StarFortyThreeReachesTheSameTestLine()
    {
        await using var harness = await TelephonyHarness.StartAsync();

        await harness.Telephony.DialAsync(new DialRequest("call-2", "*43", null), CancellationToken.None);

        Assert.Equal("call-2", harness.Next<CallAnswered>().CallId);
        await harness.Telephony.HoldAsync("call-2", CancellationToken.None);
        Assert.False(harness.Next<CallHeld>().ByRemote);
        await harness.Telephony.ResumeAsync("call-2", CancellationToken.None);
        Assert.Equal("call-2", harness.Next<CallResumed>().CallId);
        await harness.Telephony.HangupAsync("call-2", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
    }

    [Fact]
    public async Task ANumberWithoutAnyAccountIsRefusedWithAnExplanation()
    {
        await using var harness = await TelephonyHarness.StartAsync();

        var error = await Assert.ThrowsAsync<TelephonyException>(
            () => harness.Telephony.DialAsync(new DialRequest("call-3", "0123456789", null), CancellationToken.None));

        Assert.Equal("no-account", error.Code);
        Assert.Contains("echo", error.Message, StringComparison.Ordinal);
    }
}
