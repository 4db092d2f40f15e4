using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// Attended transfer between three real agents on loopback (RFC 3515 REFER with RFC 3891 Replaces).
/// A talks to B, consults C, then transfers: B calls C with Replaces, C swaps A's call for B's, and A is out.
/// Verifies: the REFER with Replaces, the INVITE with Replaces answered at once, the replaced and referred calls
/// ending. Does not verify: audio.
/// </summary>
public sealed class AttendedTransferTests
{
    [Fact]
    public async Task AnAttendedTransferLeavesTheOtherTwoPartiesTalking()
    {
        await using var a = await TelephonyHarness.StartAsync();
        await using var b = await TelephonyHarness.StartAsync();
        await using var c = await TelephonyHarness.StartAsync();

        await a.Telephony.DialAsync(new DialRequest("a-b", $"sip:bob@127.0.0.1:{b.Telephony.SipPort}", null), CancellationToken.None);
        var atB = b.Next<CallStarted>();
        await b.Telephony.AnswerAsync(atB.CallId, CancellationToken.None);
        Assert.Equal("a-b", a.Next<CallAnswered>().CallId);

        await a.Telephony.DialAsync(new DialRequest("a-c", $"sip:carol@127.0.0.1:{c.Telephony.SipPort}", null), CancellationToken.None);
        var atC = c.Next<CallStarted>();
        await c.Telephony.AnswerAsync(atC.CallId, CancellationToken.None);
        Assert.Equal("a-c", a.Next<CallAnswered>().CallId);

        await a.Telephony.TransferAsync("a-b", string.Empty, "a-c", CancellationToken.None);

        // B is asked to call C, and its new call is answered by C at once.
        Assert.Equal(atB.CallId, b.Next<CallTransferred>().CallId);
        var bToC = b.Next<CallStarted>();
        Assert.Equal(CallDirection.Outbound, bToC.Direction);
        Assert.Equal(bToC.CallId, b.Next<CallAnswered>().CallId);

        // C swapped A's call for B's: its first call ends, the new one is answered.
        var cFromB = c.Next<CallStarted>();
        Assert.Equal(CallDirection.Inbound, cFromB.Direction);
        var cEnded = c.Next<CallEnded>();
        Assert.Equal(atC.CallId, cEnded.CallId);
        Assert.Equal(CallDisposition.Answered, cEnded.Disposition);

        // A is out of both calls.
        var aEnded = new[] { a.Next<CallEnded>().CallId, a.Next<CallEnded>().CallId };
        Assert.Contains("a-b", aEnded);
        Assert.Contains("a-c", aEnded);

        await b.Telephony.HangupAsync(bToC.CallId, CancellationToken.None);
        Assert.Equal(cFromB.CallId, c.Next<CallEnded>().CallId);
    }
}
