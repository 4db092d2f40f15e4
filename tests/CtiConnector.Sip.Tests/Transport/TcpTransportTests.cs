using System.Net;
using System.Net.Sockets;
using System.Text;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>TCP framing, connection reuse and response routing of <see cref="Sip.Transport.SipTransportLayer"/> on loopback.</summary>
public sealed class TcpTransportTests : IAsyncLifetime
{
    private LoopbackEndpoint _server = null!;
    private LoopbackEndpoint _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackEndpoint.StartAsync(o => o.MaxMessageSize = 4096);
        _client = await LoopbackEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task RequestsShareOneConnectionAndResponsesComeBackOverIt()
    {
        _server.AutoAnswer = 200;

        var first = TcpRequest();
        var second = TcpRequest();
        await _client.Transport.SendRequestAsync(first, _server.Tcp, CancellationToken.None);
        await _client.Transport.SendRequestAsync(second, _server.Tcp, CancellationToken.None);

        var a = await _server.NextAsync();
        var b = await _server.NextAsync();
        Assert.Equal(TransportKind.Tcp, a.Source!.Value.Transport);
        Assert.Equal(a.Source, b.Source);

        // The client's listening port is not where the connection came from: answers ride the connection (§18.2.2).
        Assert.NotEqual(_client.Tcp.EndPoint.Port, a.Source.Value.EndPoint.Port);
        var responses = new[] { await _client.NextAsync(), await _client.NextAsync() };
        Assert.Equal(new[] { first.CallId, second.CallId }.Order(StringComparer.Ordinal), responses.Select(r => r.CallId).Order(StringComparer.Ordinal));
        Assert.All(responses, r => Assert.Equal(200, ((SipResponse)r).StatusCode));
    }

    [Fact]
    public async Task TwoMessagesInOneSegmentAreBothDelivered()
    {
        using var raw = await ConnectAsync();
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        var two = RawMessages.Options(Via(port, 10), "first") + RawMessages.Options(Via(port, 11), "second");

        await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes(two));

        Assert.Equal("first", (await _server.NextAsync()).CallId);
        Assert.Equal("second", (await _server.NextAsync()).CallId);
    }

    [Fact]
    public async Task MessageSplitOverManyWritesIsDeliveredOnce()
    {
        using var raw = await ConnectAsync();
        raw.NoDelay = true;
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        var bytes = Encoding.ASCII.GetBytes(RawMessages.Options(Via(port, 12), "split", "Content-Type: text/plain\r\n").Replace("Content-Length: 0\r\n\r\n", "Content-Length: 5\r\n\r\nhello", StringComparison.Ordinal));
        var stream = raw.GetStream();

        for (var i = 0; i < bytes.Length; i += 7)
        {
            await stream.WriteAsync(bytes.AsMemory(i, Math.Min(7, bytes.Length - i)));
            await stream.FlushAsync();
            await Task.Delay(1);
        }

        var received = await _server.NextAsync();
        Assert.Equal("split", received.CallId);
        Assert.Equal("hello", received.BodyText);

        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options(Via(port, 13), "next")));
        Assert.Equal("next", (await _server.NextAsync()).CallId);
    }

    [Fact]
    public async Task DoubleCrlfPingIsAnsweredWithACrlfPong()
    {
        using var raw = await ConnectAsync();

        // RFC 5626 §3.5.1: CRLF CRLF is a ping, a single CRLF the pong.
        await raw.GetStream().WriteAsync("\r\n\r\n"u8.ToArray());

        var buffer = new byte[16];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await raw.GetStream().ReadAsync(buffer, cts.Token);
        Assert.Equal("\r\n", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(0, _server.Transport.DroppedMessages);
    }

    [Fact]
    public async Task ResponseGoesBackOverTheRequestsConnectionNotToTheVia()
    {
        _server.AutoAnswer = 486;
        using var raw = await ConnectAsync();

        // Nobody listens at the Via's sent-by: only the open connection can carry the answer.
        await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options($"SIP/2.0/TCP 192.0.2.9:5999;branch={RawMessages.Branch(14)}", "routed")));

        var answer = await ReadTextAsync(raw);
        Assert.StartsWith("SIP/2.0 486 ", answer, StringComparison.Ordinal);
        Assert.Contains("Call-ID: routed", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRequestOverTcpIsAnswered400OverTheConnection()
    {
        using var raw = await ConnectAsync();
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;

        await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options(Via(port, 15), withCallId: false)));

        var answer = await ReadTextAsync(raw);
        var statusLine = answer[..answer.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("SIP/2.0 400 ", statusLine, StringComparison.Ordinal);
        Assert.Contains("Missing Call-ID", statusLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedMessageClosesTheConnection()
    {
        using var raw = await ConnectAsync();
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        var head = RawMessages.Options(Via(port, 16), "big", "X-Filler: " + new string('x', 8000) + "\r\n");

        var stream = raw.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        }
        catch (IOException)
        {
            // The server may close while we are still writing: that is the expected outcome too.
        }

        var buffer = new byte[256];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        try
        {
            read = await stream.ReadAsync(buffer, cts.Token);
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
        Assert.True(_server.IsEmpty);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreRefused()
    {
        await using var limited = await LoopbackEndpoint.StartAsync(o => o.MaxConnections = 1);
        using var first = new TcpClient(AddressFamily.InterNetwork);
        await first.ConnectAsync(limited.Tcp.EndPoint);
        var port = ((IPEndPoint)first.Client.LocalEndPoint!).Port;
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options(Via(port, 30), "first-connection")));
        Assert.Equal("first-connection", (await limited.NextAsync()).CallId);

        using var second = new TcpClient(AddressFamily.InterNetwork);
        await second.ConnectAsync(limited.Tcp.EndPoint);
        var buffer = new byte[16];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        try
        {
            read = await second.GetStream().ReadAsync(buffer, cts.Token);
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);

        // The first connection still works.
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options(Via(port, 31), "still-there")));
        Assert.Equal("still-there", (await limited.NextAsync()).CallId);
    }

    private SipRequest TcpRequest()
    {
        var request = Transactions.TestMessages.Request(SipMethods.Options, "TCP");
        request.Headers.Set(HeaderId.Via, $"SIP/2.0/TCP 127.0.0.1:{_client.Tcp.EndPoint.Port};branch={SipIdentifiers.NewBranch()};rport");
        return request;
    }

    private static string Via(int port, int n) => $"SIP/2.0/TCP 127.0.0.1:{port};branch={RawMessages.Branch(n)}";

    private async Task<TcpClient> ConnectAsync()
    {
        var raw = new TcpClient(AddressFamily.InterNetwork);
        await raw.ConnectAsync(_server.Tcp.EndPoint);
        return raw;
    }

    private static async Task<string> ReadTextAsync(TcpClient raw)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var builder = new StringBuilder();
        while (!builder.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await raw.GetStream().ReadAsync(buffer, cts.Token);
            if (read == 0)
            {
                break;
            }

            builder.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return builder.ToString();
    }
}
