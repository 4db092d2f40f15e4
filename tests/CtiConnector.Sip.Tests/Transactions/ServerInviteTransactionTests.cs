using CtiConnector.Testing.Time;
using CtiConnector.Testing.SipDoubles;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>RFC 3261 §17.2.1 with RFC 6026 (Timers G, H, I, L) over an in-memory transport and a manual clock.</summary>
public sealed class ServerInviteTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryTransport _transport = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly TransactionLayer _layer;

    public ServerInviteTransactionTests()
    {
        _layer = new TransactionLayer(_transport, _time);
        _layer.SetUser(_user);
    }

    private int Sent(int status) => _transport.SentResponses.Count(r => r.StatusCode == status);

    private ServerInviteTransaction Receive(SipRequest invite, TransportKind transport = TransportKind.Udp)
    {
        _transport.Deliver(invite, InMemoryTransport.Peer with { Transport = transport });
        return (ServerInviteTransaction)_user.Requests.Last();
    }

    [Fact]
    public void InviteIsAnswered100AtOnceAndGivenToTheUser()
    {
        var transaction = Receive(TestMessages.Request(SipMethods.Invite));

        var trying = Assert.Single(_transport.SentResponses);
        Assert.Equal(100, trying.StatusCode);
        Assert.Null(trying.ToTag);
        Assert.Equal(TransactionState.Proceeding, transaction.State);
    }

    [Fact]
    public void RetransmittedInviteGetsTheLastProvisionalAndDoesNotReachTheUserAgain()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        transaction.Respond(180, toTag: "ring");
        _transport.Clear();

        _transport.Deliver(invite);

        var resent = Assert.Single(_transport.SentResponses);
        Assert.Equal(180, resent.StatusCode);
        Assert.Equal("ring", resent.ToTag);
        Assert.Single(_user.Requests);
    }

    [Fact]
    public async Task AProvisionalResentForARetransmittedInviteNeverReachesTheWireAfterTheFinalResponse()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        transaction.Respond(180, toTag: "ring");
        _transport.Clear();

        // The 180 resent for a retransmitted INVITE is held in flight while the user agent answers on another thread.
        using var resending = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _transport.Sending = r =>
        {
            if (r.StatusCode == 180)
            {
                resending.Set();
                Assert.True(release.Wait(TimeSpan.FromSeconds(30)), "the held 180 was never released");
            }
        };
        // Threads of their own: two pool threads held here could leave the answer waiting for the pool to grow.
        var retransmission = Task.Factory.StartNew(() => _transport.Deliver(invite), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(resending.Wait(TimeSpan.FromSeconds(30)), "the retransmitted INVITE got no 180");

        var answer = Task.Factory.StartNew(() => transaction.Respond(200, toTag: "ring"), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // Give an answer that does not wait for the wire its chance to overtake (it must not), then let the 180 go.
        SpinWait.SpinUntil(() => answer.IsCompleted, TimeSpan.FromMilliseconds(500));
        release.Set();
        await Task.WhenAll(retransmission, answer).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([180, 200], _transport.SentResponses.Select(r => r.StatusCode).ToArray());
    }

    [Fact]
    public void FinalFailureIsRetransmittedWithTimerGUntilTheAck()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        var busy = transaction.Respond(486, toTag: "busy");

        // Timer G: 0.5, 1, 2, 4, 4 s.
        Assert.Equal(1, Sent(486));
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(2, Sent(486));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, Sent(486));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(4, Sent(486));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(5, Sent(486));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(6, Sent(486));

        _transport.Deliver(TestMessages.AckFor(invite, busy));
        Assert.Equal(TransactionState.Confirmed, transaction.State);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(6, Sent(486));

        // Timer I absorbs ACK retransmissions, then the transaction ends; the ACK never reached the user.
        _transport.Deliver(TestMessages.AckFor(invite, busy));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Empty(_user.Acks);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void RetransmittedInviteAfterTheFailureGetsTheFailureAgain()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        transaction.Respond(486);

        _transport.Deliver(invite);

        Assert.Equal(2, Sent(486));
        Assert.Single(_user.Requests);
    }

    [Fact]
    public void TimerHReportsAMissingAckOnce()
    {
        var transaction = Receive(TestMessages.Request(SipMethods.Invite));
        var timedOut = 0;
        transaction.AckTimedOut += _ => timedOut++;
        transaction.Respond(603);

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Equal(0, timedOut);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(1, timedOut);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        var sent = Sent(603);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(sent, Sent(603));
        Assert.Equal(1, timedOut);
    }

    [Fact]
    public void FailureOverTcpIsNotRetransmitted()
    {
        var transaction = Receive(TestMessages.Request(SipMethods.Invite, "TCP"), TransportKind.Tcp);
        transaction.Respond(486);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Sent(486));
    }

    [Fact]
    public void SuccessIsRetransmittedUntilTheUserSaysTheAckArrived()
    {
        var transaction = Receive(TestMessages.Request(SipMethods.Invite));
        transaction.Respond(200, toTag: "ok");

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(3, Sent(200));
        Assert.Equal(TransactionState.Accepted, transaction.State);

        transaction.AcknowledgeSuccess();
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(3, Sent(200));
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void TimerLReportsAMissingAckForASuccess()
    {
        var transaction = Receive(TestMessages.Request(SipMethods.Invite));
        var timedOut = new List<ServerInviteTransaction>();
        transaction.AckTimedOut += timedOut.Add;
        transaction.Respond(200);

        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.Same(transaction, Assert.Single(timedOut));
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void AckForASuccessWithItsOwnBranchGoesToTheUser()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        var ok = transaction.Respond(200, toTag: "ok");

        var ack = TestMessages.AckFor(invite, ok);
        ack.Headers.Set(HeaderId.Via, $"SIP/2.0/UDP 127.0.0.1:5080;branch={SipIdentifiers.NewBranch()}");
        _transport.Deliver(ack);

        Assert.Equal("ok", Assert.Single(_user.Acks).ToTag);
    }

    [Fact]
    public void CancelOfARingingInviteIsAnswered200AndReported()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        transaction.Respond(180);

        _transport.Deliver(TestMessages.CancelFor(invite));

        var cancelOk = Assert.Single(_transport.SentResponses, r => r.CSeq?.Method == SipMethods.Cancel);
        Assert.Equal(200, cancelOk.StatusCode);
        var (cancelled, cancel) = Assert.Single(_user.Cancelled);
        Assert.Same(transaction, cancelled);
        Assert.Equal(SipMethods.Cancel, cancel.Method);
        Assert.True(transaction.IsCancelled);

        // The user ends the INVITE with 487 (RFC 3261 §9.2).
        transaction.Respond(487);
        Assert.Equal(1, Sent(487));
    }

    [Fact]
    public void CancelMatchingNoInviteIsAnswered481()
    {
        _transport.Deliver(TestMessages.CancelFor(TestMessages.Request(SipMethods.Invite)));

        var response = Assert.Single(_transport.SentResponses);
        Assert.Equal(481, response.StatusCode);
        Assert.Empty(_user.Cancelled);
    }

    [Fact]
    public void CancelAfterTheFinalResponseIsAnswered200ButNotReported()
    {
        var invite = TestMessages.Request(SipMethods.Invite);
        var transaction = Receive(invite);
        transaction.Respond(486);

        _transport.Deliver(TestMessages.CancelFor(invite));

        Assert.Equal(200, Assert.Single(_transport.SentResponses, r => r.CSeq?.Method == SipMethods.Cancel).StatusCode);
        Assert.Empty(_user.Cancelled);
    }
}
