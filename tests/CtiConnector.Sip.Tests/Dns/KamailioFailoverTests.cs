using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>
/// Verifies RFC 3263 §4.3 failover against real servers: dnsmasq serves two SRV targets (two Kamailio instances on
/// 127.0.0.1, the first with the better priority); the first Kamailio is stopped, and walking the located targets
/// with an OPTIONS request gets the answer from the second.
/// Does not verify: the transaction layer's own timeout (the OPTIONS here is a single datagram with a wait), 503
/// handling by a real server (covered with scripted outcomes in <see cref="DnsmasqInteropTests"/>), TCP or TLS.
/// </summary>
public class KamailioFailoverTests
{
    [Fact]
    public async Task WhenTheFirstSrvTargetIsDownTheSecondAnswers()
    {
        await using var first = await KamailioRegistrar.StartAsync(new Dictionary<string, string>());
        await using var second = await KamailioRegistrar.StartAsync(new Dictionary<string, string>());
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("first.example.test", "127.0.0.1"),
            Dnsmasq.Host("second.example.test", "127.0.0.1"),
            Dnsmasq.Srv("_sip._udp.example.test", "first.example.test", first.Port, priority: 10, weight: 0),
            Dnsmasq.Srv("_sip._udp.example.test", "second.example.test", second.Port, priority: 20, weight: 0),
        ]);
        var client = new DnsClient(new DnsClientOptions { Servers = [dns.EndPoint], UseSystemServers = false, Timeout = TimeSpan.FromSeconds(10) });
        var location = await new SipServerLocator(client).LocateAsync(SipUri.Parse("sip:example.test"), null, CancellationToken.None);
        await first.StopAsync();
        var tried = new List<int>();

        var status = await location.ToTargetList().SendAsync(
            async (target, ct) =>
            {
                tried.Add(target.EndPoint.Port);
                return await OptionsAsync(target.EndPoint, ct);
            },
            s => s,
            CancellationToken.None);

        Assert.Equal([first.Port, second.Port], tried);
        Assert.Equal(200, status);
    }

    /// <summary>One OPTIONS datagram; the status code of the answer, or null for no answer within 30 s (a stopped peer gets ICMP port unreachable at once).</summary>
    private static async Task<int?> OptionsAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.Client.LocalEndPoint!;
        var text =
            $"OPTIONS sip:example.test SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {local};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:locator@{local}>;tag=dns\r\n" +
            "To: <sip:example.test>\r\n" +
            $"Call-ID: failover-{Guid.NewGuid():N}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), target, cancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var answer = Encoding.ASCII.GetString((await socket.ReceiveAsync(patience.Token)).Buffer);
            return answer.StartsWith("SIP/2.0 ", StringComparison.Ordinal)
                ? int.Parse(answer.AsSpan(8, 3), CultureInfo.InvariantCulture)
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            return null; // ICMP port unreachable: nobody listens there any more.
        }
    }
}
