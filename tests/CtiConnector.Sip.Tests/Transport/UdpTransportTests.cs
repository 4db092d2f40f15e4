using System.Net;
using System.Net.Sockets;
using System.Text;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>The UDP side of <see cref="Sip.Transport.SipTransportLayer"/> on real loopback sockets.</summary>
public sealed class UdpTransportTests : IAsyncLifetime
{
    private LoopbackEndpoint _server = null!;
    private LoopbackEndpoint _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackEndpoint.StartAsync();
        _client = await LoopbackEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task RequestAndResponseTravelOverUdp()
    {
        _server.AutoAnswer = 200;
        var request = Transactions.TestMessages.Request(SipMethods.Options);
        request.Headers.Set(HeaderId.Via, $"SIP/2.0/UDP 127.0.0.1:{_client.Udp.EndPoint.Port};branch={SipIdentifiers.NewBranch()};rport");

        await _client.Transport.SendRequestAsync(request, _server.Udp, CancellationToken.None);

        var received = Assert.IsType<SipRequest>(await _server.NextAsync());
        Assert.Equal(request.CallId, received.CallId);
        Assert.Equal(new SipEndPoint(TransportKind.Udp, _client.Udp.EndPoint), received.Source);
        var response = Assert.IsType<SipResponse>(await _client.NextAsync());
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(request.CallId, response.CallId);
    }

    [Fact]
    public async Task ReceivedAndRPortAreFilledAndTheResponseGoesToTheRPort()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rawPort = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        _server.AutoAnswer = 200;

        // The Via claims an address and port nobody listens on: RFC 3581 routes the answer to where it came from.
        var text = RawMessages.Options($"SIP/2.0/UDP 192.0.2.7:5999;branch={RawMessages.Branch(1)};rport");
        await raw.SendAsync(Encoding.ASCII.GetBytes(text), _server.Udp.EndPoint);

        var received = Assert.IsType<SipRequest>(await _server.NextAsync());
        Assert.Equal("127.0.0.1", received.TopVia!.Received);
        Assert.Equal(rawPort, received.TopVia.RPort);

        var answer = await ReceiveTextAsync(raw);
        Assert.StartsWith("SIP/2.0 200 ", answer, StringComparison.Ordinal);
        Assert.Contains($"received=127.0.0.1", answer, StringComparison.Ordinal);
        Assert.Contains($"rport={rawPort}", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRequestIsAnswered400WithTheReasonAndNotPassedUp()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rawPort = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;

        var text = RawMessages.Options($"SIP/2.0/UDP 127.0.0.1:{rawPort};branch={RawMessages.Branch(2)}", withCallId: false);
        await raw.SendAsync(Encoding.ASCII.GetBytes(text), _server.Udp.EndPoint);

        var answer = await ReceiveTextAsync(raw);
        var statusLine = answer[..answer.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("SIP/2.0 400 ", statusLine, StringComparison.Ordinal);
        Assert.Contains("Missing Call-ID", statusLine, StringComparison.Ordinal);

        // A valid request sent afterwards is the first thing the sink sees.
        await raw.SendAsync(Encoding.ASCII.GetBytes(RawMessages.Options($"SIP/2.0/UDP 127.0.0.1:{rawPort};branch={RawMessages.Branch(3)}", "after")), _server.Udp.EndPoint);
        Assert.Equal("after", (await _server.NextAsync()).CallId);
    }

    [Fact]
    public async Task GarbageIsDroppedAndCounted()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rawPort = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;

        await raw.SendAsync("\u0016\u0003\u0001 definitely not SIP\r\n\r\n"u8.ToArray(), _server.Udp.EndPoint);
        await raw.SendAsync(Encoding.ASCII.GetBytes(RawMessages.Options($"SIP/2.0/UDP 127.0.0.1:{rawPort};branch={RawMessages.Branch(4)}", "valid")), _server.Udp.EndPoint);

        Assert.Equal("valid", (await _server.NextAsync()).CallId);
        Assert.Equal(1, _server.Transport.DroppedMessages);
        Assert.Equal(0, raw.Available);
    }

    [Fact]
    public async Task KeepAliveDatagramIsIgnoredQuietly()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rawPort = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;

        await raw.SendAsync("\r\n\r\n"u8.ToArray(), _server.Udp.EndPoint);
        await raw.SendAsync(Encoding.ASCII.GetBytes(RawMessages.Options($"SIP/2.0/UDP 127.0.0.1:{rawPort};branch={RawMessages.Branch(5)}", "after-ping")), _server.Udp.EndPoint);

        Assert.Equal("after-ping", (await _server.NextAsync()).CallId);
        Assert.Equal(0, _server.Transport.DroppedMessages);
    }

    internal static async Task<string> ReceiveTextAsync(UdpClient socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(cts.Token);
        return Encoding.UTF8.GetString(result.Buffer);
    }
}
