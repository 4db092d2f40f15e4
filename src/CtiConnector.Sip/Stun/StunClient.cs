using System.Collections.Concurrent;
using System.Net;
using CtiConnector.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Sip.Stun;

/// <summary>Sends one datagram from the socket a <see cref="StunClient"/> asks about.</summary>
public delegate ValueTask StunDatagramSender(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken);

/// <summary>
/// A STUN Binding client (RFC 5389 §7) for one UDP socket it does not own: requests go out through a sender given by
/// the socket's owner, and the owner hands every STUN-looking datagram it receives to <see cref="OnDatagram"/>. That is
/// how the SIP socket and each call's RTP socket learn their own public address and port: the question must leave from
/// the socket whose mapping it asks about.
/// <example>
/// <code>
/// var stun = new StunClient((bytes, to, ct) => socket.SendToAsync(bytes, SocketFlags.None, to, ct).AsValueTask());
/// // in the socket's receive loop: if (StunMessage.IsStun(datagram)) stun.OnDatagram(datagram, from);
/// var result = await stun.QueryAsync(IPEndPoint.Parse("127.0.0.1:3478"), ct);
/// Console.WriteLine(result.ReflexiveAddress); // 203.0.113.7:41234, or null with result.Failure
/// </code>
/// </example>
/// </summary>
public sealed partial class StunClient
{
    private readonly StunDatagramSender _send;
    private readonly StunClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<UInt128, TaskCompletionSource<StunMessageInfo>> _pending = new();

    public StunClient(StunDatagramSender send, StunClientOptions? options = null, TimeProvider? time = null, ILogger<StunClient>? logger = null)
    {
        _send = send ?? throw new ArgumentNullException(nameof(send));
        _options = options ?? new StunClientOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<StunClient>.Instance;
    }

    /// <summary>
    /// A datagram received on the socket. Returns true when it was a STUN message (consumed, whether it answered one
    /// of our transactions or not), false when it is something else for the owner to handle.
    /// </summary>
    public bool OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!StunMessage.IsStun(datagram))
        {
            return false;
        }

        if (!StunMessageReader.TryRead(datagram, out var info, out var error))
        {
            LogUnreadable(from, error);
            return true;
        }

        if ((info.MessageType == StunMessage.BindingSuccessResponse || info.MessageType == StunMessage.BindingErrorResponse)
            && _pending.TryRemove(Key(info.TransactionId), out var waiter))
        {
            waiter.TrySetResult(info);
        }

        return true;
    }

    /// <summary>
    /// Asks <paramref name="server"/> which address and port it sees this socket's requests come from. Never throws for
    /// network trouble: a failure is a result with a reason (no answer, an error response, no address in the answer).
    /// </summary>
    public async Task<StunResult> QueryAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var transactionId = SystemRandom.GetBytes(StunMessage.TransactionIdLength);
        var request = new byte[StunMessageWriter.MaxRequestLength];
        var length = StunMessageWriter.WriteBindingRequest(request, transactionId, _options.Software, _options.Fingerprint);
        var key = Key(transactionId);
        var answer = new TaskCompletionSource<StunMessageInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            var rto = _options.InitialRto;
            for (var sent = 1; sent <= Math.Max(1, _options.MaxRequests); sent++)
            {
                try
                {
                    await _send(request.AsMemory(0, length), server, cancellationToken).ConfigureAwait(false);
                }
                catch (System.Net.Sockets.SocketException ex)
                {
                    return StunResult.Failed($"cannot send to the STUN server {server}: {ex.Message}");
                }
                catch (ObjectDisposedException)
                {
                    return StunResult.Failed($"cannot send to the STUN server {server}: the socket is closed");
                }

                var wait = sent == _options.MaxRequests ? _options.InitialRto * _options.FinalWaitFactor : rto;
                using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timeout = Task.Delay(wait, _time, stopWaiting.Token);
                var first = await Task.WhenAny(answer.Task, timeout).ConfigureAwait(false);
                await stopWaiting.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (first == answer.Task)
                {
                    return Interpret(await answer.Task.ConfigureAwait(false), server);
                }

                rto *= 2;
            }

            var total = TimeSpan.Zero;
            for (var (i, step) = (1, _options.InitialRto); i < _options.MaxRequests; i++, step *= 2)
            {
                total += step;
            }

            total += _options.InitialRto * _options.FinalWaitFactor;
            return StunResult.Failed($"no answer from the STUN server {server} after {_options.MaxRequests} requests in {total.TotalSeconds:0.##} s");
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private static StunResult Interpret(StunMessageInfo info, IPEndPoint server)
    {
        if (info.MessageType == StunMessage.BindingErrorResponse)
        {
            return StunResult.Failed($"the STUN server {server} answered {info.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an error"} {info.ErrorReason}".TrimEnd());
        }

        return info.ReflexiveAddress is { } address
            ? StunResult.Success(address)
            : StunResult.Failed($"the STUN server {server} answered without a (XOR-)MAPPED-ADDRESS");
    }

    private static UInt128 Key(ReadOnlySpan<byte> transactionId)
    {
        Span<byte> padded = stackalloc byte[16];
        transactionId.CopyTo(padded[4..]);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(padded);
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "Unreadable STUN message from {Source}: {Error}")]
    private partial void LogUnreadable(IPEndPoint source, StunParseError error);
}
