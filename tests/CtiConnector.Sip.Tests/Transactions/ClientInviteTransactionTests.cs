using CtiConnector.Testing.Time;
using CtiConnector.Testing.SipDoubles;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>RFC 3261 §17.1.1 with RFC 6026's Accepted state, over an in-memory transport and a manual clock.</summary>
public sealed class ClientInviteTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryTransport _transport = new();
    private readonly RecordingClientHandler _handler = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly TransactionLayer _layer;

    public ClientInviteTransactionTests()
    {
        _layer = new TransactionLayer(_transport, _time);
        _layer.SetUser(_user);
    }

    private int InvitesSent => _transport.SentRequests.Count(r => r.Method == SipMethods.Invite);

    [Fact]
    public void InviteOverUdpIsRetransmittedWithTimerADoublingFromT1()
    {
        _layer.SendRequest(TestMessages.Request(SipMethods.Invite), InMemoryTransport.Peer, _handler);
        Assert.Equal(1, InvitesSent);

        // Retransmissions at 0.5 s, 1.5 s, 3.5 s, 7.5 s (intervals 0.5, 1, 2, 4).
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(1, InvitesSent);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, InvitesSent);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(2, InvitesSent);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, InvitesSent);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(4, InvitesSent);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(5, InvitesSent);
    }

    [Fact]
    public void TimerBEndsAnUnansweredInviteAsATimeout()
    {
        var transaction = _layer.SendRequest(TestMessages.Request(SipMethods.Invite), InMemoryTransport.Peer, _handler);

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Empty(_handler.Failures);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var failure = Assert.Single(_handler.Failures);
        Assert.True(failure.TimedOut);
        Assert.Contains("timer B", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, _layer.Count);

        // 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s: seven copies, then nothing more.
        Assert.Equal(7, InvitesSent);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(7, InvitesSent);
    }

    [Fact]
    public void InviteOverTcpIsNotRetransmittedButStillTimesOut()
    {
        _layer.SendRequest(TestMessages.Request(SipMethods.Invite, "TCP"), InMemoryTransport.Peer with { Transport = TransportKind.Tcp }, _handler);

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, InvitesSent);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_handler.Failures);
        Assert.Equal(1, InvitesSent);
    }

    [Fact]
    public void ProvisionalResponseStopsRetransmissionsAndTimerB()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = _layer.SendRequest(invite, InMemoryTransport.Peer, _handler);

        _transport.Deliver(TestMessages.Response(invite, 180));
        _time.Advance(TimeSpan.FromSeconds(120));

        Assert.Equal(1, InvitesSent);
        Assert.Empty(_handler.Failures);
        Assert.Equal(TransactionState.Proceeding, transaction.State);
        Assert.Equal(180, Assert.Single(_handler.Responses).StatusCode);
    }

    [Fact]
    public void BusyIsAcknowledgedWithTheInvitesBranchAndTheResponsesToTag()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = _layer.SendRequest(invite, InMemoryTransport.Peer, _handler);

        _transport.Deliver(TestMessages.Response(invite, 486, toTag: "busy-tag"));

        var ack = Assert.Single(_transport.SentRequests, r => r.Method == SipMethods.Ack);
        Assert.Equal(invite.RequestUriText, ack.RequestUriText);
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Single(ack.Headers.GetValues(HeaderId.Via));
        Assert.Equal(invite.CallId, ack.CallId);
        Assert.Equal("a1b2c3", ack.FromTag);
        Assert.Equal("busy-tag", ack.ToTag);
        Assert.Equal(new CSeqHeader(1, SipMethods.Ack), ack.CSeq);
        Assert.Equal("<sip:127.0.0.1:5090;lr>", ack.Headers[HeaderId.Route]);
        Assert.Equal(InMemoryTransport.Peer, _transport.Sent.Last().Destination);
        Assert.Equal(TransactionState.Completed, transaction.State);
        Assert.Equal(486, Assert.Single(_handler.Responses).StatusCode);
    }

    [Fact]
    public void RetransmittedBusyIsAcknowledgedAgainButReportedOnceUntilTimerD()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = _layer.SendRequest(invite, InMemoryTransport.Peer, _handler);
        var busy = TestMessages.Response(invite, 486);

        _transport.Deliver(busy);
        _transport.Deliver(busy);

        Assert.Equal(2, _transport.SentRequests.Count(r => r.Method == SipMethods.Ack));
        Assert.Single(_handler.Responses);

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Equal(TransactionState.Completed, transaction.State);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void BusyOverTcpTerminatesAtOnce()
    {
        var invite = TestMessages.Request(SipMethods.Invite, "TCP");
        var transaction = _layer.SendRequest(invite, InMemoryTransport.Peer with { Transport = TransportKind.Tcp }, _handler);

        _transport.Deliver(TestMessages.Response(invite, 486), InMemoryTransport.Peer with { Transport = TransportKind.Tcp });

        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Single(_transport.SentRequests, r => r.Method == SipMethods.Ack);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void AcceptedStateDeliversEveryForked2xxWithoutAcknowledgingThem()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = _layer.SendRequest(invite, InMemoryTransport.Peer, _handler);

        _transport.Deliver(TestMessages.Response(invite, 200, toTag: "fork-1"));
        _transport.Deliver(TestMessages.Response(invite, 200, toTag: "fork-2"));
        _transport.Deliver(TestMessages.Response(invite, 200, toTag: "fork-1"));

        Assert.Equal(TransactionState.Accepted, transaction.State);
        Assert.Equal(["fork-1", "fork-2", "fork-1"], _handler.Responses.Select(r => r.ToTag));

        // The ACK for a 2xx belongs to the dialog layer (RFC 3261 §13.2.2.4), not to the transaction.
        Assert.DoesNotContain(_transport.SentRequests, r => r.Method == SipMethods.Ack);
        Assert.Equal(1, InvitesSent);
    }

    [Fact]
    public void After2xxTimerMEndsTheTransactionAndLater2xxAreStray()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = _layer.SendRequest(invite, InMemoryTransport.Peer, _handler);
        _transport.Deliver(TestMessages.Response(invite, 200));

        _time.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal(TransactionState.Terminated, transaction.State);

        _transport.Deliver(TestMessages.Response(invite, 200));
        Assert.Single(_handler.Responses);
        Assert.Single(_user.StrayResponses);
    }

    [Fact]
    public void TransportErrorFailsTheInviteWithoutATimeout()
    {
        _transport.FailWith = new Sip.Transport.SipTransportException("connection refused");

        var transaction = _layer.SendRequest(TestMessages.Request(SipMethods.Invite), InMemoryTransport.Peer, _handler);

        var failure = Assert.Single(_handler.Failures);
        Assert.False(failure.TimedOut);
        Assert.Contains("connection refused", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void CancelCopiesTheInvitesBranchCallIdAndCSeqNumber()
    {
        var invite = TestMessages.Request(SipMethods.Invite, cseq: 7);
        var transaction = (ClientInviteTransaction)_layer.SendRequest(invite, InMemoryTransport.Peer, _handler);

        var cancel = transaction.CreateCancel();

        Assert.Equal(SipMethods.Cancel, cancel.Method);
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal(invite.CallId, cancel.CallId);
        Assert.Equal(new CSeqHeader(7, SipMethods.Cancel), cancel.CSeq);
        Assert.Null(cancel.ToTag);
    }
}
