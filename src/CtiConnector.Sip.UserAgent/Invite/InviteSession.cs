using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Dialogs;

namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>
/// One call's signalling (RFC 3261 §13–15): the INVITE exchange, its dialog, and the in-dialog requests
/// (BYE, re-INVITE, INFO, REFER, NOTIFY). It carries SDP as text and knows nothing of media: the layer
/// above supplies offers and answers (<see cref="OfferHandler"/>) and reacts to the events.
/// </summary>
public sealed partial class InviteSession
{
    private readonly object _gate = new();
    private readonly UserAgentCore _core;
    private ServerInviteTransaction? _serverInvite;
    private SessionEnd? _end;

    /// <summary>Outgoing: the INVITE is built by <see cref="StartOutgoing"/>.</summary>
    internal InviteSession(UserAgentCore core, OutgoingCallOptions options)
    {
        _core = core;
        IsOutgoing = true;
        _outgoing = options;
        CallId = SipIdentifiers.NewCallId();
        LocalTag = SipIdentifiers.NewTag();
        RemoteUri = options.Target;
        State = InviteSessionState.Calling;
        _auth = new DigestSession(options.Credentials);
        ContactEndPoint = options.ContactEndPoint;
    }

    /// <summary>Incoming: from a new INVITE's server transaction.</summary>
    internal InviteSession(UserAgentCore core, ServerInviteTransaction transaction)
    {
        _core = core;
        _serverInvite = transaction;
        var request = transaction.Request;
        CallId = request.CallId!;
        LocalTag = SipIdentifiers.NewTag();
        Dialog = Dialog.CreateAsUas(request, LocalTag);
        RemoteUri = request.From!.Uri;
        RemoteDisplayName = request.From.DisplayName;
        RemoteSdp = request.Body.IsEmpty ? null : request.BodyText;
        State = InviteSessionState.Incoming;
        _auth = new DigestSession([]);
        transaction.AckTimedOut += _ => OnAckTimeout();
    }

    public bool IsOutgoing { get; }

    /// <summary>
    /// The address and port our Contact carries instead of the socket's own (behind a NAT: the account's public address,
    /// from the registrar's <c>received</c>/<c>rport</c> or STUN). Set before the first request or response is sent.
    /// </summary>
    public System.Net.IPEndPoint? ContactEndPoint { get; set; }

    public string CallId { get; }

    public string LocalTag { get; }

    public InviteSessionState State { get; private set; }

    /// <summary>The dialog, once there is one (early or confirmed).</summary>
    public Dialog? Dialog { get; private set; }

    /// <summary>The peer's URI: the target we dialled, or the caller's From.</summary>
    public SipUri RemoteUri { get; private set; }

    public string? RemoteDisplayName { get; private set; }

    /// <summary>The Replaces header of the INVITE that started an incoming session (RFC 3891), or null.</summary>
    public string? Replaces => _serverInvite?.Request.Headers[HeaderId.Replaces];

    /// <summary>The last SDP the peer sent (offer or answer).</summary>
    public string? RemoteSdp { get; private set; }

    /// <summary>How the session ended, once it has.</summary>
    public SessionEnd? End => _end;

    /// <summary>
    /// Answers a re-INVITE or UPDATE: given the peer's offer (or null when the peer wants us to offer), returns our SDP,
    /// or null to refuse it (488). Called on the SIP thread; must be quick.
    /// </summary>
    public Func<string?, string?>? OfferHandler { get; set; }

    /// <summary>Outgoing: 180 or 183 arrived (with early-media SDP when present).</summary>
    public event Action<InviteSession, int, string?>? Ringing;

    /// <summary>The call is established: outgoing on the 2xx (with the answer SDP), incoming on the ACK.</summary>
    public event Action<InviteSession>? Established;

    /// <summary>The peer changed the session (a re-INVITE or UPDATE we accepted); the new remote SDP is in <see cref="RemoteSdp"/>.</summary>
    public event Action<InviteSession>? RemoteUpdated;

    /// <summary>A DTMF digit arrived in a SIP INFO (application/dtmf-relay or application/dtmf).</summary>
    public event Action<InviteSession, char>? DtmfReceived;

    /// <summary>The peer asks us to call <c>Target</c> (REFER, RFC 3515); <c>Replaces</c> is set for attended transfers.</summary>
    public event Action<InviteSession, ReferRequest>? Referred;

    /// <summary>Progress of a transfer we asked for: the sipfrag status line from NOTIFY (RFC 3515 §2.4.5).</summary>
    public event Action<InviteSession, int>? TransferProgress;

    public event Action<InviteSession, SessionEnd>? Ended;

    internal bool IsServerTransaction(ServerInviteTransaction transaction) => ReferenceEquals(_serverInvite, transaction);

    /// <summary>Ends the call whatever its state: CANCEL, decline (603), or BYE.</summary>
    public void Hangup()
    {
        InviteSessionState state;
        lock (_gate)
        {
            state = State;
        }

        switch (state)
        {
            case InviteSessionState.Calling or InviteSessionState.Ringing:
                Cancel();
                break;
            case InviteSessionState.Incoming:
                Reject(603, "Decline");
                break;
            case InviteSessionState.Connecting or InviteSessionState.Confirmed:
                SendBye(new SessionEnd(SessionEndCause.LocalHangup, 0, "hung up"));
                break;
        }
    }

    /// <summary>
    /// Ends an answered call that cannot go on (its media could not be set up) with our BYE; the session ends as
    /// <see cref="SessionEndCause.Failed"/> with <paramref name="reason"/>. Does nothing once the call has ended.
    /// </summary>
    public void Abandon(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        InviteSessionState state;
        lock (_gate)
        {
            state = State;
        }

        if (state is InviteSessionState.Connecting or InviteSessionState.Confirmed)
        {
            SendBye(new SessionEnd(SessionEndCause.Failed, 0, reason));
        }
    }

    private void Finish(SessionEnd end)
    {
        lock (_gate)
        {
            if (_end is not null)
            {
                return;
            }

            _end = end;
            State = InviteSessionState.Terminated;
        }

        StopSessionTimer();
        _core.Forget(this);
        Ended?.Invoke(this, end);
    }

    private ViaHeader NewVia() => _core.CreateVia(Dialog?.Transport ?? TransportFor(RemoteUri));

    private NameAddress OurContact() => OurContact(Dialog?.Transport ?? TransportFor(RemoteUri));

    /// <summary>Our Contact over <paramref name="transport"/>, at <see cref="ContactEndPoint"/> when one is set.</summary>
    private NameAddress OurContact(TransportKind transport)
    {
        var contact = _core.CreateContact(transport);
        if (ContactEndPoint is { } reachable)
        {
            contact.Uri.Host = reachable.Address.ToString();
            contact.Uri.Port = reachable.Port;
        }

        return contact;
    }

    private static TransportKind TransportFor(SipUri uri) => uri.Transport switch
    {
        _ when uri.IsSecure => TransportKind.Tls,
        "tcp" => TransportKind.Tcp,
        "tls" => TransportKind.Tls,
        _ => TransportKind.Udp,
    };

    private bool TryDialogDestination(out SipEndPoint destination, out string? error)
    {
        var hop = Dialog!.NextHop;
        // RFC 3261 §12.2.1.1: in a dialog the next hop is the route set or the remote target, usually numeric; a host
        // name there uses the resolver's last lookup of it.
        if (!_core.Resolver.TryResolveNow(hop, out destination, out error))
        {
            return false;
        }

        // Stay on the dialog's transport unless the hop names one.
        if (hop.Transport is null && destination.Transport != Dialog.Transport && !hop.IsSecure)
        {
            destination = destination with { Transport = Dialog.Transport };
        }

        return true;
    }
}

/// <summary>A transfer request received in a dialog.</summary>
/// <param name="Target">Where to call.</param>
/// <param name="Replaces">The Replaces header value to put in the new INVITE (attended transfer, RFC 3891), or null.</param>
public sealed record ReferRequest(SipUri Target, string? Replaces, string? ReferredBy);
