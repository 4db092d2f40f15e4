using CtiConnector.Testing.Time;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CtiConnector.Sip.Tests.Transactions;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>Idle stream connections are closed by the transport's sweep, driven here by a manual clock.</summary>
public sealed class IdleConnectionTests
{
    [Fact]
    public async Task ConnectionWithoutTrafficIsClosedAfterTheIdleTimeout()
    {
        var time = new ManualTimeProvider();
        var server = new Sip.Transport.SipTransportLayer(new Sip.Transport.SipTransportOptions { IdleTimeout = TimeSpan.FromMinutes(1) }, time: time);
        var sink = new Sink();
        server.SetSink(sink);
        await server.StartAsync(CancellationToken.None);
        try
        {
            using var raw = new TcpClient(AddressFamily.InterNetwork);
            await raw.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
            var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
            await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options($"SIP/2.0/TCP 127.0.0.1:{port};branch={RawMessages.Branch(40)}", "idle")));
            await sink.WaitForAsync(1);

            // Still open before the timeout (the sweep runs every 15 s): a second message gets through.
            time.Advance(TimeSpan.FromSeconds(45));
            await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RawMessages.Options($"SIP/2.0/TCP 127.0.0.1:{port};branch={RawMessages.Branch(41)}", "idle-2")));
            await sink.WaitForAsync(2);

            // Closed by the first sweep after a minute without traffic.
            time.Advance(TimeSpan.FromSeconds(80));
            var buffer = new byte[16];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int read;
            try
            {
                read = await raw.GetStream().ReadAsync(buffer, cts.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            Assert.Equal(0, read);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private sealed class Sink : Sip.Transport.ISipMessageSink
    {
        private readonly SemaphoreSlim _received = new(0);
        private int _count;

        public void OnMessage(Sip.Messages.SipMessage message)
        {
            Interlocked.Increment(ref _count);
            _received.Release();
        }

        public async Task WaitForAsync(int count)
        {
            while (Volatile.Read(ref _count) < count)
            {
                Assert.True(await _received.WaitAsync(TimeSpan.FromSeconds(10)), "the message was not received");
            }
        }
    }
}
