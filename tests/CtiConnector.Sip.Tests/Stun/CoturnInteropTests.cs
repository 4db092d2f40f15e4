using System.Net;
using System.Net.Sockets;
using CtiConnector.Sip.Stun;
using CtiConnector.Sip.Transport;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Sip.Tests.Stun;

/// <summary>
/// Our Binding client against a real STUN server (Debian's coturn, STUN-only, on 127.0.0.1): from the SIP transport's
/// own UDP socket and from a plain socket, the server must report the very address and port the request left from.
/// Loopback has no NAT, so this proves the wire format and the demultiplexing, not a NAT's behaviour.
/// </summary>
public sealed class CoturnInteropTests
{
    [Fact]
    public async Task TheSipUdpSocketLearnsTheAddressCoturnSeesItAt()
    {
        await using var coturn = await Coturn.StartAsync();
        await using var transport = new SipTransportLayer(new SipTransportOptions { Address = IPAddress.Loopback, Port = 0 });
        await transport.StartAsync(CancellationToken.None);

        var result = await transport.Stun.QueryAsync(coturn.EndPoint, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Succeeded, $"{result.Failure}; coturn said: {string.Join(Environment.NewLine, coturn.Log.TakeLast(10))}");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, transport.Port), result.ReflexiveAddress);
        Assert.Equal(0, transport.DroppedMessages); // the answer went to STUN, not to the SIP parser
    }

    [Fact]
    public async Task APlainUdpSocketLearnsItsPortFromCoturn()
    {
        await using var coturn = await Coturn.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var client = new StunClient(async (bytes, to, ct) => await socket.SendToAsync(bytes, SocketFlags.None, to, ct));
        using var stop = new CancellationTokenSource();
        var receive = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            while (!stop.IsCancellationRequested)
            {
                var got = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                client.OnDatagram(buffer.AsSpan(0, got.ReceivedBytes), (IPEndPoint)got.RemoteEndPoint);
            }
        });

        var result = await client.QueryAsync(coturn.EndPoint, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(socket.LocalEndPoint, result.ReflexiveAddress);
    }
}
