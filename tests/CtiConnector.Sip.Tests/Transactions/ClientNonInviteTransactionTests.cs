using CtiConnector.Testing.Time;
using CtiConnector.Testing.SipDoubles;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>RFC 3261 §17.1.2 (Timers E, F, K) over an in-memory transport and a manual clock.</summary>
public sealed class ClientNonInviteTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryTransport _transport = new();
    private readonly RecordingClientHandler _handler = new();
    private readonly TransactionLayer _layer;

    public ClientNonInviteTransactionTests()
    {
        _layer = new TransactionLayer(_transport, _time);
        _layer.SetUser(new RecordingTransactionUser());
    }

    private int RegistersSent => _transport.SentRequests.Count(r => r.Method == SipMethods.Register);

    [Fact]
    public void TimerEDoublesUpToT2WhileTrying()
    {
        _layer.SendRequest(TestMessages.Request(SipMethods.Register), InMemoryTransport.Peer, _handler);

        // Sends at 0, 0.5, 1.5, 3.5, 7.5, 11.5 s: the interval stops growing at T2 = 4 s.
        var expected = new[] { (0.5, 2), (1.0, 3), (2.0, 4), (4.0, 5), (3.9, 5), (0.1, 6) };
        foreach (var (seconds, count) in expected)
        {
            _time.Advance(TimeSpan.FromSeconds(seconds));
            Assert.Equal(count, RegistersSent);
        }
    }

    [Fact]
    public void TimerEUsesT2OnceAProvisionalArrived()
    {
        var request = TestMessages.Request(SipMethods.Register);
        _layer.SendRequest(request, InMemoryTransport.Peer, _handler);
        _transport.Deliver(TestMessages.Response(request, 100));

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(2, RegistersSent);
        _time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(2, RegistersSent);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(3, RegistersSent);
    }

    [Fact]
    public void TimerFReportsATimeoutEvenWhenProceeding()
    {
        var request = TestMessages.Request(SipMethods.Register);
        var transaction = _layer.SendRequest(request, InMemoryTransport.Peer, _handler);
        _transport.Deliver(TestMessages.Response(request, 100));

        _time.Advance(TimeSpan.FromSeconds(32));

        var failure = Assert.Single(_handler.Failures);
        Assert.True(failure.TimedOut);
        Assert.Contains("timer F", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        var sent = RegistersSent;
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(sent, RegistersSent);
    }

    [Fact]
    public void RequestOverTcpIsNotRetransmitted()
    {
        _layer.SendRequest(TestMessages.Request(SipMethods.Register, "TCP"), InMemoryTransport.Peer with { Transport = TransportKind.Tcp }, _handler);

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, RegistersSent);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Assert.Single(_handler.Failures).TimedOut);
    }

    [Fact]
    public void TimerKAbsorbsRetransmittedFinalResponsesThenForgets()
    {
        var request = TestMessages.Request(SipMethods.Register);
        var transaction = _layer.SendRequest(request, InMemoryTransport.Peer, _handler);
        var ok = TestMessages.Response(request, 200);

        _transport.Deliver(ok);
        _transport.Deliver(ok);
        Assert.Single(_handler.Responses);
        Assert.Equal(TransactionState.Completed, transaction.State);

        // No retransmission of the request once Completed.
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, RegistersSent);
        Assert.Equal(TransactionState.Completed, transaction.State);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void FinalResponseOverTcpTerminatesAtOnce()
    {
        var request = TestMessages.Request(SipMethods.Register, "TCP");
        var transaction = _layer.SendRequest(request, InMemoryTransport.Peer with { Transport = TransportKind.Tcp }, _handler);

        _transport.Deliver(TestMessages.Response(request, 200), InMemoryTransport.Peer with { Transport = TransportKind.Tcp });

        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(200, Assert.Single(_handler.Responses).StatusCode);
    }

    [Fact]
    public void ResponseIsMatchedByBranchAndMethod()
    {
        var request = TestMessages.Request(SipMethods.Register);
        _layer.SendRequest(request, InMemoryTransport.Peer, _handler);

        // Same branch, other method (RFC 3261 §17.1.3): not ours.
        var other = TestMessages.Request(SipMethods.Options, branch: request.TopVia!.Branch);
        _transport.Deliver(TestMessages.Response(other, 200));

        Assert.Empty(_handler.Responses);
    }

    [Fact]
    public void TwoRequestsWithTheSameBranchAreRefused()
    {
        var request = TestMessages.Request(SipMethods.Register);
        _layer.SendRequest(request, InMemoryTransport.Peer, _handler);

        Assert.Throws<InvalidOperationException>(() => _layer.SendRequest(request, InMemoryTransport.Peer, _handler));
    }

    [Fact]
    public void TransportThatThrowsBeforeItsFirstAwaitIsReportedAsAFailure()
    {
        _transport.FailWith = new Sip.Transport.SipTransportException("no route");
        _transport.ThrowSynchronously = true;

        var transaction = _layer.SendRequest(TestMessages.Request(SipMethods.Register), InMemoryTransport.Peer, _handler);

        Assert.Contains("no route", Assert.Single(_handler.Failures).Reason, StringComparison.Ordinal);
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }
}
