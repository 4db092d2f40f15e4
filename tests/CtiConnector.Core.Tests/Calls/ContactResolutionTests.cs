using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Core.Tests.Fakes;

namespace CtiConnector.Core.Tests.Calls;

public sealed class ContactResolutionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContactRef Bob = new("crm-42", "Bob Durand", "Durand SA", "https://crm.example/42");

    [Fact]
    public async Task TheLocalDirectoryAnswersBeforeAnySourceIsAsked()
    {
        var source = ScriptedContactSource.Hit("crm", Bob);
        await using var f = await CallCenterFixture.StartAsync([source]);

        f.Telephony.Raise(new CallStarted(T0, "a", null, CallDirection.Inbound, "+33123456789", "sip:x@y", null));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);

        Assert.Equal("c-alice", incoming.Call.Contact?.Id);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task AThrowingSourceIsAMissAndTheNextSourceWins()
    {
        await using var f = await CallCenterFixture.StartAsync([ScriptedContactSource.Throwing("broken"), ScriptedContactSource.Hit("crm", Bob)]);

        f.Telephony.Raise(new CallStarted(T0, "b", null, CallDirection.Inbound, "0611223344", "sip:x@y", null));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);

        Assert.Equal("crm-42", incoming.Call.Contact?.Id);
    }

    [Fact]
    public async Task AHangingSourceDoesNotHoldTheIncomingCallBack()
    {
        await using var f = await CallCenterFixture.StartAsync([ScriptedContactSource.Hanging("stuck")], TimeSpan.FromMilliseconds(20));

        f.Telephony.Raise(new CallStarted(T0, "c", null, CallDirection.Inbound, "0611223344", "sip:x@y", null));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);

        Assert.Null(incoming.Call.Contact);
    }

    [Fact]
    public async Task ASourceAnsweringAfterTheBudgetYieldsCallUpdatedWithTheContact()
    {
        var gate = new TaskCompletionSource<ContactRef?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var f = await CallCenterFixture.StartAsync([ScriptedContactSource.Gated("slow", gate.Task)], TimeSpan.FromMilliseconds(20));

        f.Telephony.Raise(new CallStarted(T0, "d", null, CallDirection.Inbound, "0611223344", "sip:x@y", null));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);
        gate.SetResult(Bob);
        var updated = await f.NextCallEventAsync(EventTypes.CallUpdated);

        Assert.Null(incoming.Call.Contact);
        Assert.Equal("crm-42", updated.Call.Contact?.Id);
        await f.Center.FlushHistoryAsync(CancellationToken.None);
        Assert.Equal("crm-42", Assert.Single(f.History.All).Contact?.Id);
    }

    [Fact]
    public async Task EventsArrivingWhileTheContactIsLookedUpFollowTheIncomingEvent()
    {
        var gate = new TaskCompletionSource<ContactRef?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var f = await CallCenterFixture.StartAsync([ScriptedContactSource.Gated("slow", gate.Task)], TimeSpan.FromSeconds(30));

        f.Telephony.Raise(new CallStarted(T0, "e", null, CallDirection.Inbound, "0611223344", "sip:x@y", null));
        f.Telephony.Raise(new CallEnded(T0, "e", CallDisposition.Missed, "caller gave up"));
        gate.SetResult(Bob);

        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);
        var ended = await f.NextCallEventAsync(EventTypes.CallEnded);
        Assert.Equal("crm-42", incoming.Call.Contact?.Id);
        Assert.Equal(CallDisposition.Missed, ended.Call.Disposition);
        Assert.Equal("crm-42", ended.Call.Contact?.Id);
    }

    [Fact]
    public async Task TheLookupOfANumberAsksTheSourcesAsACallFromItWould()
    {
        RemoteParty? asked = null;
        var source = new ScriptedContactSource("crm", (remote, _) =>
        {
            asked = remote;
            return Task.FromResult<ContactRef?>(Bob);
        });
        await using var f = await CallCenterFixture.StartAsync([source]);

        var found = await f.Center.LookupContactsAsync(" 06 11 22 33 44 ", CancellationToken.None);

        var contact = Assert.Single(found);
        Assert.Equal(new RemoteParty("06 11 22 33 44", "+33611223344", null), asked);
        Assert.Equal(("crm-42", "Bob Durand", "Durand SA", "https://crm.example/42"), (contact.Id, contact.Name, contact.Company, contact.CrmUrl));
        Assert.Equal(new ContactPhone("other", "06 11 22 33 44", "+33611223344", "611223344"), Assert.Single(contact.Numbers));
    }

    [Fact]
    public async Task TheLookupGivesTheWholeDirectoryContactBeforeAnySourceIsAsked()
    {
        var source = ScriptedContactSource.Hit("crm", Bob);
        await using var f = await CallCenterFixture.StartAsync([source]);

        var found = await f.Center.LookupContactsAsync("01 23 45 67 89", CancellationToken.None);

        Assert.Equal(CallCenterFixture.Alice, Assert.Single(found));
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task TheLookupCountsAHangingSourceAsAMiss()
    {
        var source = ScriptedContactSource.Hanging("stuck");
        await using var f = await CallCenterFixture.StartAsync([source], TimeSpan.FromMilliseconds(20));

        var found = await f.Center.LookupContactsAsync("0611223344", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(found);
        Assert.Equal(1, source.Calls);
    }
}
