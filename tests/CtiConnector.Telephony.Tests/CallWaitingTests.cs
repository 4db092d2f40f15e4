using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Audio;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// Call waiting between three real telephony instances on loopback: A talks to X, then B calls X.
/// Verifies: B's call is reported as waiting and does not ring over the conversation; the conversation gets the
/// call-waiting beeps (440 Hz, recorded by X's WAV file device); answering B first puts A on hold (A sees the hold);
/// when the talked-on call ends, the waiting call rings on its own; declining it is logged as declined.
/// Does not verify: the beeps' cadence (stepped on a manual clock in the media tests).
/// </summary>
public sealed class CallWaitingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cti-waiting-").FullName;

    [Fact]
    public async Task ASecondCallWaitsWithBeepsAndAnsweringItHoldsTheFirst()
    {
        var heard = Path.Combine(_dir, "heard.wav");
        await using var x = await TelephonyHarness.StartAsync(o => o.AudioDevice = $"file:,{heard}");
        await using var a = await TelephonyHarness.StartAsync();
        await using var b = await TelephonyHarness.StartAsync();
        var xUri = $"sip:agent@127.0.0.1:{x.Telephony.SipPort}";

        await a.Telephony.DialAsync(new DialRequest("a-x", xUri, null), CancellationToken.None);
        var first = x.Next<CallStarted>();
        Assert.False(first.Waiting);
        await x.Telephony.AnswerAsync(first.CallId, CancellationToken.None);
        Assert.Equal(first.CallId, x.Next<CallAnswered>().CallId);
        Assert.Equal("a-x", a.Next<CallAnswered>().CallId);

        // A's microphone is the null device: X hears silence until B calls.
        var before = await TestTones.WaitForRecordingAsync(heard, 8000);
        await b.Telephony.DialAsync(new DialRequest("b-x", xUri, null), CancellationToken.None);
        var second = x.Next<CallStarted>();
        Assert.True(second.Waiting);
        Assert.Equal("b-x", b.Next<CallRinging>().CallId);

        var after = await TestTones.WaitForRecordingAsync(heard, before.Length + 16000);
        Assert.True(TestTones.Rms(before.AsSpan(800)) < 0.001, "X heard something before the second call.");
        var beeps = Loud(after.AsSpan(before.Length));
        Assert.True(beeps.Length >= 1600, $"No call-waiting beep in the conversation ({beeps.Length} loud samples).");
        Assert.True(TestTones.Power(beeps, 440, 8000) > 0.8, "The beeps are not 440 Hz.");

        // Answering B puts A on hold first.
        await x.Telephony.AnswerAsync(second.CallId, CancellationToken.None);
        var held = x.Next<CallHeld>();
        Assert.Equal((first.CallId, false), (held.CallId, held.ByRemote));
        Assert.Equal(second.CallId, x.Next<CallAnswered>().CallId);
        var heldAtA = a.Next<CallHeld>();
        Assert.Equal(("a-x", true), (heldAtA.CallId, heldAtA.ByRemote));
        Assert.Equal("b-x", b.Next<CallAnswered>().CallId);

        // Back to A once B is done.
        await x.Telephony.HangupAsync(second.CallId, CancellationToken.None);
        Assert.Equal((second.CallId, CallDisposition.Answered), Ended(x.Next<CallEnded>()));
        await x.Telephony.ResumeAsync(first.CallId, CancellationToken.None);
        Assert.Equal("a-x", a.Next<CallResumed>().CallId);
        await a.Telephony.HangupAsync("a-x", CancellationToken.None);
        Assert.Equal((first.CallId, CallDisposition.Answered), Ended(x.Next<CallEnded>()));
    }

    [Fact]
    public async Task AWaitingCallRingsOnItsOwnWhenTheConversationEnds()
    {
        await using var x = await TelephonyHarness.StartAsync();
        await using var a = await TelephonyHarness.StartAsync();
        await using var b = await TelephonyHarness.StartAsync();
        var xUri = $"sip:agent@127.0.0.1:{x.Telephony.SipPort}";

        await a.Telephony.DialAsync(new DialRequest("a-x", xUri, null), CancellationToken.None);
        var first = x.Next<CallStarted>();
        await x.Telephony.AnswerAsync(first.CallId, CancellationToken.None);
        Assert.Equal("a-x", a.Next<CallAnswered>().CallId);
        await b.Telephony.DialAsync(new DialRequest("b-x", xUri, null), CancellationToken.None);
        var second = x.Next<CallStarted>();
        Assert.True(second.Waiting);

        await a.Telephony.HangupAsync("a-x", CancellationToken.None);
        var events = x.Until<CallRinging>();
        Assert.Contains(events, e => e is CallEnded ended && ended.CallId == first.CallId);
        var ringing = (CallRinging)events[^1];
        Assert.Equal((second.CallId, (bool?)false), (ringing.CallId, ringing.Waiting));

        await x.Telephony.HangupAsync(second.CallId, CancellationToken.None);
        Assert.Equal((second.CallId, CallDisposition.Declined), Ended(x.Next<CallEnded>()));
        Assert.Equal(CallDisposition.Declined, b.Next<CallEnded>().Disposition);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static (string, CallDisposition) Ended(CallEnded ended) => (ended.CallId, ended.Disposition);

    /// <summary>The 20 ms blocks of <paramref name="samples"/> that are not silent, one after the other.</summary>
    private static short[] Loud(ReadOnlySpan<short> samples)
    {
        var loud = new List<short>();
        for (var i = 0; i + 160 <= samples.Length; i += 160)
        {
            var block = samples.Slice(i, 160);
            if (TestTones.Rms(block) > 0.02)
            {
                loud.AddRange(block.ToArray());
            }
        }

        return [.. loud];
    }
}
