using System.Net;
using System.Net.Sockets;

namespace CtiConnector.Media.Tests.Support;

/// <summary>
/// A UDP relay on 127.0.0.1 between a caller and a target that damages the caller's stream on purpose:
/// it drops every <c>dropEvery</c>-th packet, holds every <c>swapEvery</c>-th one back behind its
/// successor (reordering), and sends every <c>duplicateEvery</c>-th one twice. Replies from the target go
/// back unharmed to the caller's last address.
/// </summary>
internal sealed class LossyRelay : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _dropEvery;
    private readonly int _swapEvery;
    private readonly int _duplicateEvery;
    private IPEndPoint? _caller;

    public LossyRelay(IPEndPoint target, int dropEvery, int swapEvery, int duplicateEvery)
    {
        _target = target;
        _dropEvery = dropEvery;
        _swapEvery = swapEvery;
        _duplicateEvery = duplicateEvery;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(async () =>
        {
            try
            {
                await RunAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failure = ex;
            }
        });
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public Exception? Failure { get; private set; }

    public int Dropped { get; private set; }

    public int Forwarded { get; private set; }

    public int Swapped { get; private set; }

    public int Duplicated { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var buffer = new byte[1500];
        byte[]? held = null;
        var count = 0;
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            var from = (IPEndPoint)result.RemoteEndPoint;
            var packet = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            if (from.Equals(_target))
            {
                if (_caller is not null)
                {
                    await _socket.SendToAsync(packet, SocketFlags.None, _caller);
                }

                continue;
            }

            _caller = from;
            count++;
            Forwarded = count;
            if (count % _dropEvery == 0)
            {
                Dropped++;
                continue;
            }

            if (held is null && count % _swapEvery == 0)
            {
                held = packet;
                Swapped++;
                continue;
            }

            await _socket.SendToAsync(packet, SocketFlags.None, _target);
            if (count % _duplicateEvery == 0)
            {
                Duplicated++;
                await _socket.SendToAsync(packet, SocketFlags.None, _target);
            }

            if (held is not null)
            {
                await _socket.SendToAsync(held, SocketFlags.None, _target);
                held = null;
            }
        }
    }
}
