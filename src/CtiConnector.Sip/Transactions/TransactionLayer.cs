using System.Collections.Concurrent;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Sip.Transactions;

/// <summary>
/// Matches messages to transactions (RFC 3261 §17.1.3, §17.2.3), creates server transactions for new
/// requests, answers CANCEL, and hands the rest to the transaction user. It is the transport's sink;
/// the transport never sees a transaction.
/// </summary>
public sealed partial class TransactionLayer : ISipMessageSink
{
    private readonly ConcurrentDictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private ITransactionUser? _user;

    public TransactionLayer(ISipTransport transport, TimeProvider? time = null, SipTimerSettings? timers = null, ILogger<TransactionLayer>? logger = null)
    {
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Time = time ?? TimeProvider.System;
        Timers = timers ?? SipTimerSettings.Default;
        _logger = logger ?? NullLogger<TransactionLayer>.Instance;
        transport.SetSink(this);
    }

    public ISipTransport Transport { get; }

    public TimeProvider Time { get; }

    public SipTimerSettings Timers { get; }

    /// <summary>Live transactions (for diagnostics and tests).</summary>
    public int Count => _clients.Count + _servers.Count;

    public void SetUser(ITransactionUser user) => _user = user ?? throw new ArgumentNullException(nameof(user));

    /// <summary>Starts a client transaction for <paramref name="request"/> (its top Via must carry a fresh branch).</summary>
    public ClientTransaction SendRequest(SipRequest request, SipEndPoint destination, IClientTransactionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        if (request.Method == SipMethods.Ack)
        {
            throw new ArgumentException("An ACK for a 2xx is sent with SendAck, not in a transaction.", nameof(request));
        }

        var branch = request.TopVia?.Branch ?? throw new ArgumentException("The request needs a top Via with a branch.", nameof(request));
        var key = ClientKey(branch, request.Method);
        ClientTransaction transaction = request.Method == SipMethods.Invite
            ? new ClientInviteTransaction(this, request, destination, handler, key)
            : new ClientNonInviteTransaction(this, request, destination, handler, key);
        if (!_clients.TryAdd(key, transaction))
        {
            throw new InvalidOperationException($"A transaction with branch {branch} already exists.");
        }

        transaction.Start();
        return transaction;
    }

    /// <summary>Sends an ACK for a 2xx (or any request outside a transaction), reporting transport failures to the log.</summary>
    public void SendAck(SipRequest ack, SipEndPoint destination) =>
        SendRequest(ack, destination, ex => LogSendFailed(ack.Method, destination, ex.Message));

    /// <summary>Answers a request statelessly (no transaction kept), e.g. a 2xx retransmission's ACK path or a 481.</summary>
    public void SendStatelessResponse(SipResponse response) => SendResponse(response);

    public void OnMessage(SipMessage message)
    {
        if (message is SipResponse response)
        {
            OnResponse(response);
        }
        else
        {
            OnRequest((SipRequest)message);
        }
    }

    internal void Remove(SipTransaction transaction)
    {
        switch (transaction)
        {
            case ClientTransaction client:
                _clients.TryRemove(new KeyValuePair<string, ClientTransaction>(client.Key, client));
                break;
            case ServerTransaction server:
                _servers.TryRemove(new KeyValuePair<string, ServerTransaction>(server.Key, server));
                break;
        }
    }

    internal void SendRequest(SipRequest request, SipEndPoint destination, Action<Exception> onError)
    {
        ValueTask send;
        try
        {
            send = Transport.SendRequestAsync(request, destination, CancellationToken.None);
        }
        catch (SipTransportException ex)
        {
            // A transport that fails before its first await throws here rather than in the task.
            onError(ex);
            return;
        }

        _ = SendAsync(send, onError);
    }

    internal void SendResponse(SipResponse response)
    {
        ValueTask send;
        try
        {
            send = Transport.SendResponseAsync(response, CancellationToken.None);
        }
        catch (SipTransportException ex)
        {
            LogResponseFailed(response.StatusCode, ex.Message);
            return;
        }

        _ = SendAsync(send, ex => LogResponseFailed(response.StatusCode, ex.Message));
    }

    private static async Task SendAsync(ValueTask send, Action<Exception> onError)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (SipTransportException ex)
        {
            onError(ex);
        }
    }

    private void OnResponse(SipResponse response)
    {
        var branch = response.TopVia?.Branch;
        var method = response.CSeq?.Method;
        if (branch is not null && method is not null && _clients.TryGetValue(ClientKey(branch, method), out var transaction))
        {
            transaction.OnResponse(response);
            return;
        }

        _user?.OnStrayResponse(response);
    }

    private void OnRequest(SipRequest request)
    {
        var key = ServerKey(request, request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method);
        if (request.Method == SipMethods.Ack)
        {
            if (_servers.TryGetValue(key, out var invite) && invite is ServerInviteTransaction inviteTransaction
                && inviteTransaction.State is TransactionState.Completed or TransactionState.Confirmed)
            {
                inviteTransaction.OnAck();
                return;
            }

            _user?.OnAck(request);
            return;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission(request);
            return;
        }

        if (request.Method == SipMethods.Cancel)
        {
            HandleCancel(request, key);
            return;
        }

        ServerTransaction created = request.Method == SipMethods.Invite
            ? new ServerInviteTransaction(this, request, key)
            : new ServerNonInviteTransaction(this, request, key);
        if (!_servers.TryAdd(key, created))
        {
            _servers[key].OnRetransmission(request);
            return;
        }

        if (created is ServerInviteTransaction)
        {
            // §17.2.1: a 100 right away stops the client's retransmissions.
            created.Respond(100);
        }

        if (_user is null)
        {
            created.Respond(503, "Service Unavailable");
            return;
        }

        _user.OnRequest(created);
    }

    private void HandleCancel(SipRequest cancel, string cancelKey)
    {
        // §9.2: the CANCEL matches the INVITE with the same branch; it gets its own transaction and a 200.
        var cancelTransaction = new ServerNonInviteTransaction(this, cancel, cancelKey);
        _servers.TryAdd(cancelKey, cancelTransaction);
        var inviteKey = ServerKey(cancel, SipMethods.Invite);
        if (!_servers.TryGetValue(inviteKey, out var found) || found is not ServerInviteTransaction invite)
        {
            cancelTransaction.Respond(481);
            return;
        }

        cancelTransaction.Respond(200);
        if (invite.State == TransactionState.Proceeding && !invite.IsCancelled)
        {
            invite.IsCancelled = true;
            _user?.OnCancelled(invite, cancel);
        }
    }

    private static string ClientKey(string branch, string method) => branch + "|" + method;

    /// <summary>§17.2.3: branch + sent-by + method; for pre-RFC 3261 branches, the dialog and CSeq identify it.</summary>
    private static string ServerKey(SipRequest request, string method)
    {
        var via = request.TopVia!;
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal))
        {
            return $"{branch}|{via.Host}:{via.Port}|{method}";
        }

        return $"{request.CallId}|{request.FromTag}|{request.CSeq?.Number}|{via.Host}:{via.Port}|{method}";
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Could not send {Method} to {Destination}: {Reason}")]
    private partial void LogSendFailed(string method, SipEndPoint destination, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Could not send a {Status} response: {Reason}")]
    private partial void LogResponseFailed(int status, string reason);
}
