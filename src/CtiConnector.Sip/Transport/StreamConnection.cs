using System.Buffers;
using System.Net;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Transport;

/// <summary>One TCP or TLS connection: frames incoming bytes into messages (RFC 3261 §18.3) and serialises writes.</summary>
internal sealed class StreamConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private long _lastActivityTicks;

    public StreamConnection(Stream stream, TransportKind transport, IPEndPoint remote, TimeProvider time)
    {
        _stream = stream;
        Transport = transport;
        Remote = remote;
        Time = time;
        Touch();
    }

    public TransportKind Transport { get; }

    public IPEndPoint Remote { get; }

    public SipEndPoint RemoteSipEndPoint => new(Transport, Remote);

    private TimeProvider Time { get; }

    public TimeSpan IdleFor => Time.GetElapsedTime(Interlocked.Read(ref _lastActivityTicks));

    public bool IsClosed => _closing.IsCancellationRequested;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Touch();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reads until the peer closes or the connection is disposed, calling <paramref name="onMessage"/> with the bytes
    /// of each complete message and <paramref name="onKeepAlive"/> for a CRLF CRLF ping (RFC 5626 §3.5.1).
    /// Returns the reason it stopped.
    /// </summary>
    public async Task<string> ReadLoopAsync(int maxMessageSize, Action<byte[]> onMessage, Action<bool> onKeepAlive)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxMessageSize, 16 * 1024));
        var filled = 0;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= maxMessageSize)
                    {
                        return "message too large";
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxMessageSize));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(filled), _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return "closed by peer";
                }

                Touch();
                filled += read;
                var start = 0;
                while (start < filled)
                {
                    var pending = buffer.AsSpan(start, filled - start);
                    var crlf = SipMessageParser.CountKeepAliveBytes(pending);
                    if (crlf > 0)
                    {
                        // A double CRLF is a ping that wants a single CRLF pong; a lone CRLF is a pong.
                        if (crlf >= 4 || (crlf == pending.Length && crlf >= 2 && pending[..crlf].IndexOf("\r\n\r\n"u8) >= 0))
                        {
                            onKeepAlive(true);
                        }
                        else if (crlf == pending.Length)
                        {
                            onKeepAlive(false);
                        }

                        start += crlf;
                        continue;
                    }

                    var end = SipMessageParser.FindMessageEnd(pending);
                    if (end == -2)
                    {
                        return "malformed Content-Length";
                    }

                    if (end < 0)
                    {
                        if (pending.Length >= maxMessageSize)
                        {
                            return "message too large";
                        }

                        break;
                    }

                    if (end > maxMessageSize)
                    {
                        return "message too large";
                    }

                    onMessage(pending[..end].ToArray());
                    start += end;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                }
            }

            return "closed";
        }
        catch (OperationCanceledException)
        {
            return "closed";
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
        catch (ObjectDisposedException)
        {
            return "closed";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closing.IsCancellationRequested)
        {
            await _closing.CancelAsync().ConfigureAwait(false);
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _writeLock.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, Time.GetTimestamp());
}
