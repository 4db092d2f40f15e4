using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using CtiConnector.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Sip.Dns;

/// <summary>
/// A small stub resolver (RFC 1035 §7, RFC 1123 §6.1.3): one question per UDP datagram with a random id and RD set,
/// the answer checked against the id and the question, a timeout and retries per server, the servers asked in
/// order, TCP when an answer comes back truncated (RFC 1035 §4.2.2), CNAME chains followed, and successful answers
/// cached by TTL. Every failure is a <see cref="DnsResult"/>; nothing a server sends makes this throw.
/// </summary>
public sealed partial class DnsClient : IDnsResolver
{
    private const int MaxCnameHops = 8;
    private const int UdpBufferLength = 4096;
    private readonly DnsClientOptions _options;
    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly TimeProvider _time;
    private readonly DnsCache _cache;
    private readonly ILogger _logger;

    /// <param name="options">The servers (empty: the system's), timeout and attempts.</param>
    /// <param name="time">The clock of the cache and of the timeouts.</param>
    public DnsClient(DnsClientOptions options, TimeProvider? time = null, ILogger<DnsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _servers = options.Servers.Count > 0 || !options.UseSystemServers ? options.Servers : SystemDnsServers.Get();
        _time = time ?? TimeProvider.System;
        _cache = new DnsCache(_time, Math.Max(1, options.CacheCapacity));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The servers this client asks, in order.</summary>
    public IReadOnlyList<IPEndPoint> Servers => _servers;

    /// <inheritdoc />
    public async Task<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var current = name.TrimEnd('.');
        var chain = new List<DnsRecord>();
        for (var hop = 0; hop <= MaxCnameHops; hop++)
        {
            var result = await QueryOneNameAsync(current, type, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return chain.Count == 0 ? result : result with { Detail = $"{result.Detail} (after CNAME {name} → {current})" };
            }

            var (records, alias) = FollowCnames(current, type, result.Records);
            if (records.Count > 0)
            {
                chain.AddRange(records);
                return new DnsResult(DnsQueryStatus.Success, chain);
            }

            if (alias is null)
            {
                return DnsResult.Failure(DnsQueryStatus.NoRecords, $"{current} has no {type} record");
            }

            // RFC 1034 §3.6.2: the server gave the alias but not the target's records: ask for the target.
            chain.AddRange(result.Records.OfType<DnsCnameRecord>());
            current = alias;
        }

        return DnsResult.Failure(DnsQueryStatus.Malformed, $"CNAME chain from {name} is longer than {MaxCnameHops} hops");
    }

    /// <summary>Records of <paramref name="type"/> owned by the end of the CNAME chain starting at <paramref name="name"/>.</summary>
    private static (List<DnsRecord> Records, string? Alias) FollowCnames(string name, DnsRecordType type, IReadOnlyList<DnsRecord> answers)
    {
        var current = name;
        var cnames = new List<DnsRecord>();
        for (var hop = 0; hop <= MaxCnameHops; hop++)
        {
            var owned = answers.Where(r => r.Type == type && string.Equals(r.Name, current, StringComparison.OrdinalIgnoreCase)).ToList();
            if (owned.Count > 0)
            {
                cnames.AddRange(owned);
                return (cnames, null);
            }

            var cname = answers.OfType<DnsCnameRecord>().FirstOrDefault(r => string.Equals(r.Name, current, StringComparison.OrdinalIgnoreCase));
            if (cname is null)
            {
                return ([], hop == 0 ? null : current);
            }

            cnames.Add(cname);
            current = cname.Target;
        }

        return ([], current);
    }

    private async Task<DnsResult> QueryOneNameAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(name, type, out var cached))
        {
            return cached!;
        }

        if (_servers.Count == 0)
        {
            return DnsResult.Failure(DnsQueryStatus.NoServers, SystemDnsServers.NoneConfigured);
        }

        var query = new byte[DnsMessageWriter.MaxQueryLength];
        DnsResult? last = null;
        foreach (var server in _servers)
        {
            for (var attempt = 0; attempt < Math.Max(1, _options.AttemptsPerServer); attempt++)
            {
                var id = NewId();
                if (!DnsMessageWriter.TryWriteQuery(query, id, name, type, out var length))
                {
                    return DnsResult.Failure(DnsQueryStatus.Malformed, $"'{name}' is not a valid DNS name");
                }

                var result = await AskAsync(server, query.AsMemory(0, length), id, name, type, cancellationToken).ConfigureAwait(false);
                if (result.Status is DnsQueryStatus.Success or DnsQueryStatus.NoRecords or DnsQueryStatus.NameNotFound)
                {
                    _cache.Store(name, type, result);
                    return result;
                }

                last = result;
                LogAttemptFailed(_logger, name, type, server, result.Status, result.Detail);
                if (result.Status is DnsQueryStatus.ServerFailure or DnsQueryStatus.Malformed)
                {
                    break; // This server answered: asking it again will not help; try the next.
                }
            }
        }

        return last!;
    }

    private async Task<DnsResult> AskAsync(IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        DnsParseError? lastError = null;
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, linked.Token).ConfigureAwait(false);
            var buffer = new byte[UdpBufferLength];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                var verdict = Judge(buffer.AsSpan(0, received), id, name, type, out var response, out var error);
                if (verdict is null)
                {
                    // Not ours (wrong id or question) or unreadable: keep listening until the timeout (RFC 5452 §9.1).
                    lastError = error;
                    continue;
                }

                if (response!.Truncated)
                {
                    return await AskOverTcpAsync(server, query, id, name, type, linked.Token).ConfigureAwait(false);
                }

                return verdict;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return lastError is { } error
                ? DnsResult.Failure(DnsQueryStatus.Malformed, $"{server} sent only unusable answers for {name} {type} ({error})")
                : DnsResult.Failure(DnsQueryStatus.Timeout, $"{server} did not answer {name} {type} within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            // ICMP port unreachable shows up as ConnectionRefused/Reset on a connected UDP socket.
            return DnsResult.Failure(DnsQueryStatus.Timeout, $"{server} is unreachable for {name} {type}: {e.SocketErrorCode}");
        }
    }

    // RFC 1035 §4.2.2: over TCP each message is preceded by a two-octet length.
    private static async Task<DnsResult> AskOverTcpAsync(IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed.AsMemory(2));
        await socket.SendAsync(framed, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var prefix = new byte[2];
        if (!await ReceiveExactlyAsync(socket, prefix, cancellationToken).ConfigureAwait(false))
        {
            return DnsResult.Failure(DnsQueryStatus.Malformed, $"{server} closed the TCP connection before answering {name} {type}");
        }

        var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        if (!await ReceiveExactlyAsync(socket, answer, cancellationToken).ConfigureAwait(false))
        {
            return DnsResult.Failure(DnsQueryStatus.Malformed, $"{server} closed the TCP connection in the middle of the answer to {name} {type}");
        }

        return Judge(answer, id, name, type, out _, out var error)
            ?? DnsResult.Failure(DnsQueryStatus.Malformed, $"{server} sent an unusable TCP answer for {name} {type} ({error})");
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    /// <summary>The result an answer gives, or null when it is not an answer to our question (RFC 5452 §9.1).</summary>
    internal static DnsResult? Judge(ReadOnlySpan<byte> packet, ushort id, string name, DnsRecordType type, out DnsResponse? response, out DnsParseError? error)
    {
        error = null;
        if (!DnsMessageReader.TryRead(packet, out response, out var parseError))
        {
            // An unreadable packet whose id is ours is still not trusted: it could be anything.
            error = parseError;
            return null;
        }

        if (response!.Id != id || response.QuestionCount != 1 || response.QuestionType != (ushort)type
            || !string.Equals(response.QuestionName, name, StringComparison.OrdinalIgnoreCase))
        {
            error = null;
            return null;
        }

        return response.ResponseCode switch
        {
            DnsResponseCode.NoError when response.Answers.Count > 0 => new DnsResult(DnsQueryStatus.Success, response.Answers),
            DnsResponseCode.NoError => DnsResult.Failure(DnsQueryStatus.NoRecords, $"{name} has no {type} record") with { NegativeTtl = response.NegativeTtl },
            DnsResponseCode.NameError => DnsResult.Failure(DnsQueryStatus.NameNotFound, $"{name} does not exist") with { NegativeTtl = response.NegativeTtl },
            _ => DnsResult.Failure(DnsQueryStatus.ServerFailure, $"the server answered {name} {type} with {response.ResponseCode}"),
        };
    }

    private static ushort NewId()
    {
        Span<byte> bytes = stackalloc byte[2];
        SystemRandom.Fill(bytes);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS {Name} {Type} via {Server}: {Status} ({Detail})")]
    private static partial void LogAttemptFailed(ILogger logger, string name, DnsRecordType type, IPEndPoint server, DnsQueryStatus status, string? detail);
}
