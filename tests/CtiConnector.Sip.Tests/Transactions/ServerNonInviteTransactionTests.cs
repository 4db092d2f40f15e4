using CtiConnector.Testing.Time;
using CtiConnector.Testing.SipDoubles;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>RFC 3261 §17.2.2 (Timer J) over an in-memory transport and a manual clock.</summary>
public sealed class ServerNonInviteTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryTransport _transport = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly TransactionLayer _layer;

    public ServerNonInviteTransactionTests()
    {
        _layer = new TransactionLayer(_transport, _time);
        _layer.SetUser(_user);
    }

    [Fact]
    public void RetransmissionBeforeTheAnswerIsAbsorbed()
    {
        var options = TestMessages.Request(SipMethods.Options);
        _transport.Deliver(options);
        _transport.Deliver(options);

        Assert.Single(_user.Requests);
        Assert.Empty(_transport.SentResponses);
    }

    [Fact]
    public void RetransmissionAfterTheAnswerGetsTheSameAnswerUntilTimerJ()
    {
        var options = TestMessages.Request(SipMethods.Options);
        _user.Answer = t => t.Respond(200, toTag: "x");
        _transport.Deliver(options);

        _time.Advance(TimeSpan.FromSeconds(31));
        _transport.Deliver(options);
        Assert.Equal(2, _transport.SentResponses.Count(r => r.StatusCode == 200));
        Assert.Single(_user.Requests);

        // After Timer J the transaction is gone; the same branch is a new request again.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _layer.Count);
        _transport.Deliver(options);
        Assert.Equal(2, _user.Requests.Count);
    }

    [Fact]
    public void AnswerOverTcpEndsTheTransactionAtOnce()
    {
        _user.Answer = t => t.Respond(200);
        _transport.Deliver(TestMessages.Request(SipMethods.Options, "TCP"), InMemoryTransport.Peer with { Transport = TransportKind.Tcp });

        Assert.Equal(TransactionState.Terminated, Assert.Single(_user.Requests).State);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void SecondFinalResponseIsNotSent()
    {
        _transport.Deliver(TestMessages.Request(SipMethods.Options));
        var transaction = Assert.Single(_user.Requests);

        transaction.Respond(200);
        transaction.Respond(500);

        Assert.Equal([200], _transport.SentResponses.Select(r => r.StatusCode));
    }

    [Fact]
    public void RequestWithoutATransactionUserIsAnswered503()
    {
        var layer = new TransactionLayer(new InMemoryTransport(), _time);
        var transport = (InMemoryTransport)layer.Transport;

        transport.Deliver(TestMessages.Request(SipMethods.Options));

        Assert.Equal(503, Assert.Single(transport.SentResponses).StatusCode);
    }
}
