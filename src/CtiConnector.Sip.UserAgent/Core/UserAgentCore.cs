using System.Collections.Concurrent;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Dialogs;
using CtiConnector.Sip.UserAgent.Invite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Sip.UserAgent.Core;

/// <summary>
/// The user agent core (RFC 3261 §8): the transaction layer's user. Dispatches new requests (INVITE
/// starts an incoming session; OPTIONS is answered; unknown methods get 501, known but unsupported ones
/// 405 with Allow), routes in-dialog requests to their session (481 when there is none), and builds the
/// Via and Contact of everything we send.
/// </summary>
public sealed partial class UserAgentCore : ITransactionUser
{
    private readonly ConcurrentDictionary<string, InviteSession> _dialogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InviteSession> _pendingByCallId = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <param name="resolver">Resolves the next hop of requests outside a dialog (RFC 3263); the system's DNS when null.</param>
    public UserAgentCore(TransactionLayer transactions, UserAgentOptions? options = null, ILogger<UserAgentCore>? logger = null, SipTargetResolver? resolver = null)
    {
        Transactions = transactions ?? throw new ArgumentNullException(nameof(transactions));
        Resolver = resolver ?? SipTargetResolver.System;
        Options = options ?? new UserAgentOptions();
        _logger = logger ?? NullLogger<UserAgentCore>.Instance;
        transactions.SetUser(this);
    }

    public TransactionLayer Transactions { get; }

    public UserAgentOptions Options { get; }

    /// <summary>Where the next hop of a request is looked up (RFC 3263): numeric hosts at once, host names through DNS.</summary>
    public SipTargetResolver Resolver { get; }

    public TimeProvider Time => Transactions.Time;

    /// <summary>An INVITE outside any dialog: a new incoming call. Without a handler, calls are answered 480.</summary>
    public event Action<InviteSession>? IncomingCall;

    /// <summary>Live sessions with a dialog or an outgoing INVITE.</summary>
    public int SessionCount => _dialogs.Count + _pendingByCallId.Count;

    /// <summary>A top Via for a new request over <paramref name="transport"/>: our address, rport, a fresh branch.</summary>
    public ViaHeader CreateVia(TransportKind transport)
    {
        var local = Transactions.Transport.GetLocalEndPoint(transport) ?? Transactions.Transport.GetLocalEndPoint(TransportKind.Udp)
            ?? throw new InvalidOperationException("The transport is not listening.");
        var via = new ViaHeader(local.TransportName, local.EndPoint.Address.ToString(), local.EndPoint.Port, SipIdentifiers.NewBranch());
        via.Parameters.Set("rport", null);
        return via;
    }

    /// <summary>Our Contact for <paramref name="transport"/>.</summary>
    public NameAddress CreateContact(TransportKind transport)
    {
        var local = Transactions.Transport.GetLocalEndPoint(transport) ?? Transactions.Transport.GetLocalEndPoint(TransportKind.Udp)
            ?? throw new InvalidOperationException("The transport is not listening.");
        var uri = SipUri.Sip(Options.ContactUser, local.EndPoint.Address.ToString(), local.EndPoint.Port, local.Transport == TransportKind.Tls);
        if (local.Transport == TransportKind.Tcp)
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return new NameAddress(uri);
    }

    /// <summary>Starts an outgoing call; see <see cref="InviteSession.StartOutgoing"/>.</summary>
    public InviteSession CreateOutgoing(OutgoingCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = new InviteSession(this, options);
        _pendingByCallId[session.CallId] = session;
        return session;
    }

    public void OnRequest(ServerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var request = transaction.Request;
        if (request.ToTag is { } toTag)
        {
            if (_dialogs.TryGetValue(Dialog.DialogId(request.CallId!, toTag, request.FromTag ?? string.Empty), out var session))
            {
                session.OnInDialogRequest(transaction);
                return;
            }

            transaction.Respond(481);
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite:
                OnInvite((ServerInviteTransaction)transaction);
                break;
            case SipMethods.Options:
                RespondOptions(transaction);
                break;
            case SipMethods.Bye or SipMethods.Notify or SipMethods.Info or SipMethods.Update or SipMethods.Refer:
                transaction.Respond(481);
                break;
            default:
                var response = SipResponseFactory.Create(request, SipMethods.IsKnown(request.Method) ? 405 : 501);
                response.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
                transaction.SendResponse(response);
                break;
        }
    }

    public void OnAck(SipRequest ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (ack.ToTag is { } toTag && _dialogs.TryGetValue(Dialog.DialogId(ack.CallId!, toTag, ack.FromTag ?? string.Empty), out var session))
        {
            session.OnAck(ack);
        }
    }

    public void OnCancelled(ServerInviteTransaction invite, SipRequest cancel)
    {
        ArgumentNullException.ThrowIfNull(invite);
        foreach (var session in _dialogs.Values)
        {
            if (session.IsServerTransaction(invite))
            {
                session.OnRemoteCancel();
                return;
            }
        }
    }

    public void OnStrayResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.CallId is { } callId && _pendingByCallId.TryGetValue(callId, out var pending))
        {
            pending.OnStrayResponse(response);
            return;
        }

        if (response.CallId is { } id && response.FromTag is { } fromTag && response.ToTag is { } toTag
            && _dialogs.TryGetValue(Dialog.DialogId(id, fromTag, toTag), out var session))
        {
            session.OnStrayResponse(response);
        }
    }

    internal void RegisterDialog(InviteSession session, Dialog dialog)
    {
        _dialogs[dialog.Id] = session;
    }

    internal void Forget(InviteSession session, bool keepDialog = false)
    {
        _pendingByCallId.TryRemove(new KeyValuePair<string, InviteSession>(session.CallId, session));
        if (keepDialog)
        {
            return;
        }

        foreach (var pair in _dialogs)
        {
            if (ReferenceEquals(pair.Value, session))
            {
                _dialogs.TryRemove(pair);
            }
        }
    }

    internal void AddCommonHeaders(SipMessage message)
    {
        message.Headers.Set(message.IsRequest ? HeaderId.UserAgent : HeaderId.Server, Options.Product);
    }

    private void OnInvite(ServerInviteTransaction transaction)
    {
        var handler = IncomingCall;
        if (handler is null)
        {
            transaction.Respond(480, "Temporarily Unavailable");
            return;
        }

        var session = new InviteSession(this, transaction);
        RegisterDialog(session, session.Dialog!);
        LogIncoming(transaction.Request.From?.Uri.ToString() ?? "?", transaction.Request.CallId ?? "?");
        handler(session);
    }

    private void RespondOptions(ServerTransaction transaction)
    {
        // RFC 3261 §11.2: say what we can do.
        var response = SipResponseFactory.Create(transaction.Request, 200);
        response.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
        response.Headers.Add(HeaderId.Accept, "application/sdp, application/dtmf-relay, message/sipfrag");
        response.Headers.Add(HeaderId.Supported, "replaces, timer");
        response.Headers.Add(HeaderId.Contact, CreateContact(transaction.Request.Source?.Transport ?? TransportKind.Udp).ToString());
        AddCommonHeaders(response);
        transaction.SendResponse(response);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Incoming call from {From} (Call-ID {CallId})")]
    private partial void LogIncoming(string from, string callId);
}
