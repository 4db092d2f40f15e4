using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CtiConnector.Desktop.DBus;

/// <summary>
/// A client connection to a D-Bus message bus over a Unix socket: SASL <c>EXTERNAL</c> authentication as this
/// process's user, <c>Hello</c>, method calls matched to their replies by serial, and signals handed to
/// <see cref="SignalReceived"/> (on the receive loop: handlers must not block).
/// </summary>
public sealed partial class DBusConnection : IAsyncDisposable
{
    private const string BusName = "org.freedesktop.DBus";
    private const string BusPath = "/org/freedesktop/DBus";

    private readonly Socket _socket;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<DBusMessage>> _pending = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _serial;

    private DBusConnection(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>The bus's name for this connection (from <c>Hello</c>), e.g. <c>:1.42</c>.</summary>
    public string UniqueName { get; private set; } = string.Empty;

    /// <summary>A signal arrived (after <see cref="AddMatchAsync"/> asked for it).</summary>
    public event Action<DBusMessage>? SignalReceived;

    /// <summary>The connection ended (the bus went away or the connection was disposed).</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>Connects to the first reachable endpoint of <paramref name="address"/>, authenticates and says Hello.</summary>
    public static async Task<DBusConnection> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var endpoints = DBusAddress.Parse(address);
        if (endpoints.Count == 0)
        {
            throw new DBusProtocolException($"The bus address '{address}' names no Unix socket (unix:path= or unix:abstract=).");
        }

        SocketException? last = null;
        foreach (var endpoint in endpoints)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
                continue;
            }

            var connection = new DBusConnection(socket);
            try
            {
                await connection.AuthenticateAsync(cancellationToken);
                connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
                var reply = await connection.CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, "Hello"), cancellationToken);
                connection.UniqueName = reply.BodyReader().ReadString();
                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        throw new DBusProtocolException($"No bus answers at '{address}' ({last?.Message}).", last!);
    }

    /// <summary>Sends a method call and waits for its return; a D-Bus error reply throws <see cref="DBusErrorException"/>.</summary>
    public async Task<DBusMessage> CallAsync(DBusMessage call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var serial = (uint)Interlocked.Increment(ref _serial);
        call.Serial = serial;
        var reply = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[serial] = reply;
        try
        {
            await SendAsync(call.Serialize(), cancellationToken);
            var message = await reply.Task.WaitAsync(cancellationToken);
            if (message.Type == DBusMessageType.Error)
            {
                var text = message.Signature.StartsWith('s') ? message.BodyReader().ReadString() : string.Empty;
                throw new DBusErrorException(message.ErrorName ?? "org.freedesktop.DBus.Error.Failed", text);
            }

            return message;
        }
        finally
        {
            _pending.TryRemove(serial, out _);
        }
    }

    /// <summary>Asks the bus to route signals matching <paramref name="rule"/> here (e.g. <c>type='signal',interface='...'</c>).</summary>
    public async Task AddMatchAsync(string rule, CancellationToken cancellationToken)
    {
        var body = new DBusWriter();
        body.WriteString(rule);
        await CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, "AddMatch", "s", body), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closing.IsCancellationRequested)
        {
            await _closing.CancelAsync();
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _sendGate.Dispose();
        _closing.Dispose();
    }

    private async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        // SASL over the socket (D-Bus specification, "Authentication Protocol"): a NUL byte, then EXTERNAL with the
        // user id as hex-encoded ASCII decimal; the server answers OK <guid>, and BEGIN switches to messages.
        var uid = OperatingSystem.IsWindows() ? "0" : GetEffectiveUserId().ToString(CultureInfo.InvariantCulture);
        var hex = Convert.ToHexString(Encoding.ASCII.GetBytes(uid)).ToLowerInvariant();
        await SendAsync(Encoding.ASCII.GetBytes("\0AUTH EXTERNAL " + hex + "\r\n"), cancellationToken);
        var answer = await ReadLineAsync(cancellationToken);
        if (!answer.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new DBusProtocolException($"The bus refused authentication as user {uid}: '{answer}'.");
        }

        await SendAsync("BEGIN\r\n"u8.ToArray(), cancellationToken);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 512)
        {
            if (await _socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 0)
            {
                throw new DBusProtocolException("The bus closed the connection during authentication.");
            }

            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.ASCII.GetString([.. line.Take(line.Count - 1)]);
            }

            line.Add(one[0]);
        }

        throw new DBusProtocolException("The bus's authentication answer is too long.");
    }

    private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? failure = null;
        try
        {
            var fixedHeader = new byte[16];
            while (!_closing.IsCancellationRequested)
            {
                if (!await ReceiveExactlyAsync(fixedHeader, _closing.Token))
                {
                    break;
                }

                var message = new byte[DBusMessage.TotalLength(fixedHeader)];
                fixedHeader.CopyTo(message, 0);
                if (!await ReceiveExactlyAsync(message.AsMemory(16), _closing.Token))
                {
                    break;
                }

                Dispatch(DBusMessage.Parse(message));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or DBusProtocolException)
        {
            failure = ex;
        }

        var closed = new DBusProtocolException("The D-Bus connection is closed.", failure ?? new OperationCanceledException());
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(closed);
        }

        Disconnected?.Invoke(failure);
    }

    private void Dispatch(DBusMessage message)
    {
        switch (message.Type)
        {
            case DBusMessageType.MethodReturn or DBusMessageType.Error when message.ReplySerial is { } serial:
                if (_pending.TryGetValue(serial, out var pending))
                {
                    pending.TrySetResult(message);
                }

                break;
            case DBusMessageType.Signal:
                SignalReceived?.Invoke(message);
                break;
            default:
                // Nobody calls methods on this client; calls expecting a reply get none (the bus times them out).
                break;
        }
    }

    private async Task<bool> ReceiveExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var received = 0;
        while (received < buffer.Length)
        {
            var count = await _socket.ReceiveAsync(buffer[received..], SocketFlags.None, cancellationToken);
            if (count == 0)
            {
                return false;
            }

            received += count;
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
