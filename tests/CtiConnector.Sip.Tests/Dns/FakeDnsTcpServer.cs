using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>
/// A scripted DNS server over TCP on 127.0.0.1 (RFC 1035 §4.2.2: two-octet length prefix), on the port of a
/// <see cref="FakeDnsServer"/>, for the retry-over-TCP path of truncated answers. One connection, one answer.
/// </summary>
internal sealed class FakeDnsTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _loop;
    private int _queries;

    public FakeDnsTcpServer(int port, Func<ushort, string, byte[]> reply)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _loop = Task.Run(() => RunAsync(reply));
    }

    public int Queries => Volatile.Read(ref _queries);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // Stopped.
        }
    }

    private async Task RunAsync(Func<ushort, string, byte[]> reply)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix);
        var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(query);
        Interlocked.Increment(ref _queries);
        var at = 12;
        DnsMessageReader.TryReadName(query, ref at, out var name, out _);
        var answer = reply(BinaryPrimitives.ReadUInt16BigEndian(query), name);
        var framed = new byte[answer.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
        answer.CopyTo(framed, 2);
        await stream.WriteAsync(framed);
    }
}
