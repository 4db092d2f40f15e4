using System.Net;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Dns;

public class SipTargetListTests
{
    private static SipEndPoint Target(byte last) => new(TransportKind.Udp, new IPEndPoint(new IPAddress([192, 0, 2, last]), 5060));

    [Theory]
    [InlineData(null, true)]
    [InlineData(408, true)]
    [InlineData(503, true)]
    [InlineData(200, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    [InlineData(600, false)]
    public void OnlyNoResponseATimeoutOr503FailsOver(int? status, bool failsOver)
    {
        Assert.Equal(failsOver, SipTargetList.ShouldFailOver(status));
    }

    [Fact]
    public void WalkingMovesThroughEveryTargetAndThenIsExhausted()
    {
        var list = new SipTargetList([Target(1), Target(2)]);

        Assert.Equal(Target(1), list.Current);
        Assert.True(list.TryMoveNext());
        Assert.Equal(Target(2), list.Current);
        Assert.False(list.TryMoveNext());
        Assert.Null(list.Current);
        Assert.True(list.IsExhausted);
    }

    [Fact]
    public async Task WhenEveryTargetFailsOverTheLastOutcomeIsReturned()
    {
        var list = new SipTargetList([Target(1), Target(2)]);
        var tried = 0;

        var final = await list.SendAsync((_, _) => Task.FromResult<int?>(++tried == 1 ? 503 : null), s => s, CancellationToken.None);

        Assert.Null(final);
        Assert.Equal(2, tried);
        Assert.True(list.IsExhausted);
    }

    [Fact]
    public async Task AnAuthenticationChallengeStopsTheWalkOnTheTargetThatSentIt()
    {
        var list = new SipTargetList([Target(1), Target(2)]);

        var final = await list.SendAsync((_, _) => Task.FromResult<int?>(401), s => s, CancellationToken.None);

        Assert.Equal(401, final);
        Assert.Equal(Target(1), list.Current);
    }

    [Fact]
    public async Task AnEmptyListSendsNothing()
    {
        var sent = false;

        var final = await new SipTargetList([]).SendAsync((_, _) => { sent = true; return Task.FromResult<int?>(200); }, s => s, CancellationToken.None);

        Assert.False(sent);
        Assert.Null(final);
    }
}
