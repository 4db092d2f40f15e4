using System.Net;
using System.Net.Sockets;
using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>
/// A scripted DNS server on 127.0.0.1 for client tests: for each query it receives, it sends back whatever datagrams
/// <c>reply</c> builds from the query's id and name (nothing, garbage, a wrong id, a good answer...).
/// </summary>
internal sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queries;

    public FakeDnsServer(Func<ushort, string, IEnumerable<byte[]>> reply)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(() => RunAsync(reply));
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public int Queries => Volatile.Read(ref _queries);

    /// <summary>A well-formed A answer for <paramref name="name"/>.</summary>
    public static byte[] AAnswer(ushort id, string name, byte lastOctet, uint ttl = 60) =>
        DnsPacketBuilder.Response(id, 1, 1).Name(name).Question(1).Pointer(12).RecordHeader(1, ttl, 4).Bytes(127, 0, 0, lastOctet).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(Func<ushort, string, IEnumerable<byte[]>> reply)
    {
        var buffer = new byte[1024];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            Interlocked.Increment(ref _queries);
            var id = (ushort)((buffer[0] << 8) | buffer[1]);
            var at = 12;
            DnsMessageReader.TryReadName(buffer.AsSpan(0, received.ReceivedBytes), ref at, out var name, out _);
            foreach (var datagram in reply(id, name))
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
        }
    }
}
