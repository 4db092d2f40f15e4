using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>
/// RFC 5626 keep-alives between two real transports on loopback: our CRLF CRLF ping over TCP is answered by the other
/// side's CRLF pong, which reaches <see cref="Sip.Transport.IKeepAliveTransport.PongReceived"/>; neither is taken for a
/// message. Closing a flow closes its connection.
/// </summary>
public sealed class KeepAliveTransportTests
{
    [Fact]
    public async Task ATcpPingComesBackAsAPongFromThatFlow()
    {
        await using var server = await LoopbackEndpoint.StartAsync();
        await using var client = await LoopbackEndpoint.StartAsync();
        var pong = new TaskCompletionSource<SipEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Transport.PongReceived += from => pong.TrySetResult(from);

        await client.Transport.SendKeepAliveAsync(server.Tcp, CancellationToken.None);

        Assert.Equal(server.Tcp, await pong.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, server.Transport.DroppedMessages);
        Assert.Equal(0, client.Transport.DroppedMessages);
    }

    [Fact]
    public async Task AUdpPingIsSilentlyAbsorbed()
    {
        await using var server = await LoopbackEndpoint.StartAsync();
        await using var client = await LoopbackEndpoint.StartAsync();
        server.AutoAnswer = 200;

        await client.Transport.SendKeepAliveAsync(server.Udp, CancellationToken.None);
        // A real request after it still gets through, and the ping was not counted as garbage.
        var text = RawMessages.Options($"SIP/2.0/UDP 127.0.0.1:{client.Udp.EndPoint.Port};branch={RawMessages.Branch(41)}", "after-ping");
        Sip.Parsing.SipMessageParser.TryParse(System.Text.Encoding.ASCII.GetBytes(text), false, out var request, out _, out _);
        await client.Transport.SendRequestAsync((SipRequest)request!, server.Udp, CancellationToken.None);

        Assert.Equal("after-ping", (await server.NextAsync()).CallId);
        Assert.Equal(0, server.Transport.DroppedMessages);
    }
}
