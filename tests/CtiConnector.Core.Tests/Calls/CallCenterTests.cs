using CtiConnector.Core.Calls;
using CtiConnector.Core.Events;
using CtiConnector.Core.History;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Core.Tests.Fakes;

namespace CtiConnector.Core.Tests.Calls;

public sealed class CallCenterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task IncomingCallFromAKnownNumberPopsTheContactAndIsLoggedAsAnsweredWithItsDuration()
    {
        await using var f = await CallCenterFixture.StartAsync();

        f.Telephony.Raise(new CallStarted(T0, "in-1", "1", CallDirection.Inbound, "0123456789", "sip:0123456789@example.org", "ALICE"));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);
        f.Telephony.Raise(new CallAnswered(T0.AddSeconds(5), "in-1"));
        var answered = await f.NextCallEventAsync(EventTypes.CallAnswered);
        f.Telephony.Raise(new CallEnded(T0.AddSeconds(47), "in-1", CallDisposition.Answered, "remote hung up"));
        var ended = await f.NextCallEventAsync(EventTypes.CallEnded);

        Assert.Equal("in-1", incoming.Call.Id);
        Assert.Equal(CallState.Ringing, incoming.Call.State);
        Assert.Equal("+33123456789", incoming.Call.Remote.E164);
        Assert.Equal("ALICE", incoming.Call.Remote.DisplayName);
        Assert.Equal("c-alice", incoming.Call.Contact?.Id);
        Assert.Equal(CallState.Active, answered.Call.State);
        Assert.Equal(CallDisposition.Answered, ended.Call.Disposition);
        Assert.Equal(42, ended.DurationSeconds);
        var record = Assert.Single(f.History.All);
        Assert.Equal(record.Id, ended.HistoryId);
        Assert.Equal(CallDisposition.Answered, record.Disposition);
        Assert.Equal(42, record.DurationSeconds);
        Assert.Equal("c-alice", record.Contact?.Id);
        Assert.Empty(f.Center.GetCalls());
    }

    [Fact]
    public async Task HistoryRecordExistsWhileTheCallIsStillRinging()
    {
        await using var f = await CallCenterFixture.StartAsync();

        f.Telephony.Raise(new CallStarted(T0, "in-2", "1", CallDirection.Inbound, "0611223344", "sip:0611223344@example.org", null));
        await f.NextCallEventAsync(EventTypes.CallIncoming);
        await f.Center.FlushHistoryAsync(CancellationToken.None);

        var record = Assert.Single(f.History.All);
        Assert.Equal("in-2", record.CallId);
        Assert.Null(record.Disposition);
    }

    [Fact]
    public async Task DialAssignsTheCallIdResolvesTheContactByNumberAndAnnouncesTheOutgoingCall()
    {
        await using var f = await CallCenterFixture.StartAsync();

        var call = await f.Center.DialAsync("+33 1 23 45 67 89", "1", null, CancellationToken.None);
        var outgoing = await f.NextCallEventAsync(EventTypes.CallOutgoing);

        Assert.True(f.Telephony.Commands.TryPeek(out var command));
        Assert.Equal($"dial {call.Id} +33123456789 1", command);
        Assert.Equal(call.Id, outgoing.Call.Id);
        Assert.Equal(CallDirection.Outbound, outgoing.Call.Direction);
        Assert.Equal(CallState.Dialing, call.State);
        Assert.Equal("c-alice", call.Contact?.Id);
        Assert.Equal("c-alice", outgoing.Call.Contact?.Id);
    }

    [Fact]
    public async Task DialCarriesTheGivenContactIdEvenForAnotherNumber()
    {
        await using var f = await CallCenterFixture.StartAsync();

        var call = await f.Center.DialAsync("0699887766", null, "c-alice", CancellationToken.None);

        Assert.Equal("c-alice", call.Contact?.Id);
    }

    [Theory]
    [InlineData("-o ProxyCommand=x")]
    [InlineData("")]
    [InlineData("tel:")]
    [InlineData("sip:alice@ex ample.org")]
    public async Task DialRefusesABadTargetWithoutTouchingTheTelephony(string target)
    {
        await using var f = await CallCenterFixture.StartAsync();

        var error = await Assert.ThrowsAsync<CallCenterException>(() => f.Center.DialAsync(target, null, null, CancellationToken.None));

        Assert.Equal("bad-target", error.Code);
        Assert.Empty(f.Telephony.Commands);
        Assert.Empty(f.History.All);
    }

    [Fact]
    public async Task ADialTheTelephonyRefusesIsLoggedAsFailedAndReported()
    {
        await using var f = await CallCenterFixture.StartAsync();
        f.Telephony.DialFailure = new TelephonyException("no-such-account", "There is no account 7.");

        var error = await Assert.ThrowsAsync<CallCenterException>(() => f.Center.DialAsync("0611223344", "7", null, CancellationToken.None));
        await f.NextCallEventAsync(EventTypes.CallOutgoing);
        var ended = await f.NextCallEventAsync(EventTypes.CallEnded);

        Assert.Equal("bad-request", error.Code);
        Assert.Equal(CallDisposition.Failed, ended.Call.Disposition);
        Assert.Equal(CallDisposition.Failed, Assert.Single(f.History.All).Disposition);
    }

    [Fact]
    public async Task CommandsOnAnUnknownCallAreRefusedAsNoSuchCall()
    {
        await using var f = await CallCenterFixture.StartAsync();

        var error = await Assert.ThrowsAsync<CallCenterException>(() => f.Center.AnswerAsync("nope", CancellationToken.None));

        Assert.Equal("no-such-call", error.Code);
        Assert.Empty(f.Telephony.Commands);
    }

    [Fact]
    public async Task HangupReturnsTheCallAndEndsItAsCancelled()
    {
        await using var f = await CallCenterFixture.StartAsync();
        var call = await f.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        await f.NextCallEventAsync(EventTypes.CallOutgoing);

        var result = await f.Center.HangupAsync(call.Id, CancellationToken.None);
        var ended = await f.NextCallEventAsync(EventTypes.CallEnded);

        Assert.Equal(call.Id, result.Id);
        Assert.Equal(CallDisposition.Cancelled, ended.Call.Disposition);
        Assert.Null(f.Center.GetCall(call.Id));
    }

    [Fact]
    public async Task MutePublishesCallUpdatedWithTheMutedFlag()
    {
        await using var f = await CallCenterFixture.StartAsync();
        var call = await f.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        await f.NextCallEventAsync(EventTypes.CallOutgoing);

        await f.Center.SetMuteAsync(call.Id, true, CancellationToken.None);
        var updated = await f.NextCallEventAsync(EventTypes.CallUpdated);

        Assert.True(updated.Call.Muted);
        Assert.Contains($"mute {call.Id} True", f.Telephony.Commands);
    }

    [Fact]
    public async Task DtmfDigitsAreValidatedBeforeReachingTheTelephony()
    {
        await using var f = await CallCenterFixture.StartAsync();
        var call = await f.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CallCenterException>(() => f.Center.SendDtmfAsync(call.Id, "12;rm", CancellationToken.None));
        await f.Center.SendDtmfAsync(call.Id, "12#", CancellationToken.None);

        Assert.Equal("bad-request", error.Code);
        Assert.Contains($"dtmf {call.Id} 12#", f.Telephony.Commands);
    }

    [Fact]
    public async Task TelephonyEventsAreRelayedAsHeldResumedDtmfAndTransferred()
    {
        await using var f = await CallCenterFixture.StartAsync();
        f.Telephony.Raise(new CallStarted(T0, "in-3", "1", CallDirection.Inbound, "0611223344", "sip:0611223344@example.org", null));
        await f.NextCallEventAsync(EventTypes.CallIncoming);

        f.Telephony.Raise(new CallAnswered(T0, "in-3"));
        f.Telephony.Raise(new CallHeld(T0, "in-3", true));
        f.Telephony.Raise(new CallResumed(T0, "in-3"));
        f.Telephony.Raise(new CallDtmf(T0, "in-3", '5'));
        f.Telephony.Raise(new CallTransferred(T0, "in-3", "+33611111111"));

        await f.NextCallEventAsync(EventTypes.CallAnswered);
        var held = await f.NextCallEventAsync(EventTypes.CallHeld);
        var resumed = await f.NextCallEventAsync(EventTypes.CallResumed);
        var dtmf = await f.NextCallEventAsync(EventTypes.CallDtmf);
        var transferred = await f.NextCallEventAsync(EventTypes.CallTransferred);
        Assert.Equal(CallState.Held, held.Call.State);
        Assert.Equal(CallState.Active, resumed.Call.State);
        Assert.Equal("5", dtmf.Digits);
        Assert.Equal("+33611111111", transferred.Target);
    }

    [Fact]
    public async Task AWaitingCallIsShownAsWaitingUntilItRingsOnItsOwnOrIsAnswered()
    {
        await using var f = await CallCenterFixture.StartAsync();
        f.Telephony.Raise(new CallStarted(T0, "in-w", "1", CallDirection.Inbound, "0611223344", "sip:0611223344@example.org", null, Waiting: true));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);
        Assert.Equal((CallState.Ringing, true), (incoming.Call.State, incoming.Call.Waiting));
        Assert.True(f.Center.GetCall("in-w")?.Waiting);

        f.Telephony.Raise(new CallRinging(T0, "in-w", Waiting: false));
        var ringing = await f.NextCallEventAsync(EventTypes.CallRinging);
        Assert.Equal((CallState.Ringing, false), (ringing.Call.State, ringing.Call.Waiting));

        f.Telephony.Raise(new CallStarted(T0, "in-v", "1", CallDirection.Inbound, "0611223355", "sip:0611223355@example.org", null, Waiting: true));
        await f.NextCallEventAsync(EventTypes.CallIncoming);
        f.Telephony.Raise(new CallAnswered(T0, "in-v"));
        var answered = await f.NextCallEventAsync(EventTypes.CallAnswered);
        Assert.Equal((CallState.Active, false), (answered.Call.State, answered.Call.Waiting));
    }

    [Fact]
    public async Task SnapshotOfANewSubscriberShowsTheLiveCallsAndAccounts()
    {
        await using var f = await CallCenterFixture.StartAsync();
        var call = await f.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        using var subscription = f.Center.Subscribe();
        var first = await subscription.Reader.ReadAsync();

        var snapshot = Assert.IsType<SnapshotEvent>(first);
        Assert.Equal("9.9.9", snapshot.Status.Version);
        Assert.Equal(call.Id, Assert.Single(snapshot.Status.Calls).Id);
        Assert.Equal("sip:me@example.org", Assert.Single(snapshot.Status.Accounts).Aor);
    }

    [Fact]
    public async Task StartMarksCallsLeftLiveByAPreviousRunAsInterrupted()
    {
        var history = new InMemoryHistoryStore();
        await history.InsertAsync(
            new HistoryRecord(0, "old", null, CallDirection.Inbound, new RemoteParty("1", null, null), null, T0, null, null, 0, null, null),
            CancellationToken.None);

        await using var f = await CallCenterFixture.StartAsync(history: history);

        Assert.Equal(1, history.MarkInterruptedCalls);
        Assert.Equal(CallDisposition.Interrupted, Assert.Single(history.All).Disposition);
    }

    [Fact]
    public async Task AHistoryInsertThatFailsOnceIsRetried()
    {
        var history = new InMemoryHistoryStore { FailuresToInject = 1 };
        await using var f = await CallCenterFixture.StartAsync(history: history);

        f.Telephony.Raise(new CallStarted(T0, "in-4", "1", CallDirection.Inbound, "0611223344", "sip:0611223344@example.org", null));
        f.Telephony.Raise(new CallEnded(T0, "in-4", CallDisposition.Missed, "caller gave up"));
        await f.NextCallEventAsync(EventTypes.CallIncoming);
        var ended = await f.NextCallEventAsync(EventTypes.CallEnded);

        var record = Assert.Single(history.All);
        Assert.Equal(record.Id, ended.HistoryId);
        Assert.Equal(CallDisposition.Missed, record.Disposition);
    }

    [Fact]
    public async Task StopHangsUpLiveCallsAndFlushesTheirHistory()
    {
        await using var f = await CallCenterFixture.StartAsync();
        var call = await f.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        await f.Center.StopAsync(CancellationToken.None);

        Assert.Contains($"hangup {call.Id}", f.Telephony.Commands);
        Assert.Equal(CallDisposition.Cancelled, Assert.Single(f.History.All).Disposition);
    }

    [Fact]
    public async Task PatchingALiveHistoryRecordIsRefused()
    {
        await using var f = await CallCenterFixture.StartAsync();
        await f.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        await f.Center.FlushHistoryAsync(CancellationToken.None);
        var id = Assert.Single(f.History.All).Id;

        var error = await Assert.ThrowsAsync<CallCenterException>(() => f.Center.PatchHistoryAsync(id, "note", null, CancellationToken.None));

        Assert.Equal("invalid-state", error.Code);
    }

    [Fact]
    public async Task HistoryQueryByNumberMatchesWhateverFormatTheNumberIsWrittenIn()
    {
        await using var f = await CallCenterFixture.StartAsync();
        await f.Center.DialAsync("+33611223344", null, null, CancellationToken.None);
        await f.Center.DialAsync("0699999999", null, null, CancellationToken.None);
        await f.Center.FlushHistoryAsync(CancellationToken.None);

        var found = await f.Center.QueryHistoryAsync("06 11 22 33 44", null, 10, null, CancellationToken.None);

        Assert.Equal("+33611223344", Assert.Single(found).Remote.E164);
    }

    [Fact]
    public async Task HistoryQueryByTextIsTrimmedAndRefusedWhenEmptyOrPast100Characters()
    {
        await using var f = await CallCenterFixture.StartAsync();
        await f.Center.DialAsync("+33611223344", null, null, CancellationToken.None);
        await f.Center.DialAsync("0699999999", null, null, CancellationToken.None);
        await f.Center.FlushHistoryAsync(CancellationToken.None);

        var found = await f.Center.QueryHistoryAsync(new HistoryFilter(Text: "  0699  "), 10, null, CancellationToken.None);
        var empty = await Assert.ThrowsAsync<CallCenterException>(
            () => f.Center.QueryHistoryAsync(new HistoryFilter(Text: "   "), 10, null, CancellationToken.None));
        var tooLong = await Assert.ThrowsAsync<CallCenterException>(
            () => f.Center.ExportHistoryAsync(new HistoryFilter(Text: new string('a', 101)), TextWriter.Null, CancellationToken.None));

        Assert.Equal("0699999999", Assert.Single(found).Remote.Raw);
        Assert.Equal("bad-request", empty.Code);
        Assert.Equal(HistoryFilter.TextError, tooLong.Message);
    }

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("  Zoé  ", true, "Zoé")]
    [InlineData("", false, null)]
    [InlineData(" ", false, null)]
    public void HistoryFilterReadsQTrimmedAndRefusesAnEmptyOne(string? q, bool valid, string? text)
    {
        var parsed = HistoryFilter.TryParse(null, null, "2026-03-02", null, "true", q, out var filter, out var error);

        Assert.Equal(valid, parsed);
        Assert.Equal(text, filter?.Text);
        Assert.Equal(valid ? null : HistoryFilter.TextError, error);
        Assert.Equal(valid, filter?.MissedNotCalledBack ?? false);
    }

    [Fact]
    public void HistoryFilterTakesAQOf100CharactersButNot101()
    {
        Assert.True(HistoryFilter.TryParse(null, null, null, null, null, " " + new string('a', 100) + " ", out _, out _));
        Assert.False(HistoryFilter.TryParse(null, null, null, null, null, new string('a', 101), out _, out var error));
        Assert.Equal("q must be 1 to 100 characters (spaces around it are ignored).", error);
    }
}
