using System.Globalization;
using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Dialogs;

namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>
/// The UAC side: INVITE, authentication, provisional and final responses, CANCEL, forking, redirects, and the next
/// hop's targets (RFC 3263: a host name through DNS; the next target after a timeout, a transport error or a 503).
/// </summary>
public sealed partial class InviteSession
{
    private const int MaxRedirects = 3;
    private readonly OutgoingCallOptions? _outgoing;
    private readonly DigestSession _auth;
    private readonly Dictionary<string, (SipRequest Ack, SipEndPoint Destination)> _strayAcks = new(StringComparer.Ordinal);
    private ClientInviteTransaction? _clientInvite;
    private SipRequest? _invite;
    private SipEndPoint _inviteDestination;
    private SipTargetList? _inviteTargets;
    private long _inviteCSeq;
    private bool _provisionalSeen;
    private bool _cancelRequested;
    private int _redirects;
    private SipRequest? _ack;

    /// <summary>
    /// Sends the INVITE. Returns false with a reason when the target cannot be reached at all (the session is then
    /// ended). A next hop named by a host name is looked up first, in the background: when that lookup finds nothing,
    /// the session ends with its reason (<see cref="Ended"/>, <see cref="SessionEndCause.Failed"/>). A session hung up
    /// before it is started (or while its next hop is looked up) sends nothing and ends as <see cref="SessionEndCause.LocalCancel"/>.
    /// </summary>
    public bool StartOutgoing(out string? error)
    {
        var options = _outgoing ?? throw new InvalidOperationException("Not an outgoing session.");
        _inviteCSeq = 1;
        return BeginInvite(options.Target, 0, out error);
    }

    /// <summary>Resolves the next hop for <paramref name="target"/> (its outbound proxy, else itself) and sends the INVITE to the first target.</summary>
    private bool BeginInvite(SipUri target, int failureStatus, out string? error)
    {
        var hop = _outgoing!.OutboundProxy ?? target;
        ValueTask<SipLocation> pending;
        try
        {
            pending = _core.Resolver.ResolveAsync(hop, _outgoing.Transport, _core.Transactions.Transport, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            pending = ValueTask.FromResult(new SipLocation([], $"cannot resolve {hop.Host}: {ex.Message}"));
        }

        if (!pending.IsCompletedSuccessfully)
        {
            _ = AwaitLocationAsync(pending, hop, target, failureStatus);
            error = null;
            return true;
        }

        var location = pending.Result;
        if (!location.Found)
        {
            error = location.Failure ?? $"no address for {hop.Host}";
            Finish(new SessionEnd(SessionEndCause.Failed, failureStatus, error));
            return false;
        }

        error = null;
        InviteFirstTarget(location, target);
        return true;
    }

    private async Task AwaitLocationAsync(ValueTask<SipLocation> pending, SipUri hop, SipUri target, int failureStatus)
    {
        SipLocation location;
        try
        {
            location = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            location = new SipLocation([], $"cannot resolve {hop.Host}: {ex.Message}");
        }

        if (_cancelRequested)
        {
            // Hung up while the name was being looked up: nothing was sent, so there is nothing to cancel.
            Finish(new SessionEnd(SessionEndCause.LocalCancel, 0, "cancelled"));
        }
        else if (!location.Found)
        {
            Finish(new SessionEnd(SessionEndCause.Failed, failureStatus, location.Failure ?? $"no address for {hop.Host}"));
        }
        else
        {
            InviteFirstTarget(location, target);
        }
    }

    private void InviteFirstTarget(SipLocation location, SipUri target)
    {
        bool cancelled;
        lock (_gate)
        {
            if (_end is not null)
            {
                return;
            }

            cancelled = _cancelRequested;
            if (!cancelled)
            {
                _inviteTargets = location.ToTargetList();
                _inviteDestination = _inviteTargets.Current!.Value;
            }
        }

        if (cancelled)
        {
            // Hung up before the INVITE went out: nothing to cancel on the wire.
            Finish(new SessionEnd(SessionEndCause.LocalCancel, 0, "cancelled"));
            return;
        }

        SendInvite(target);
    }

    /// <summary>
    /// RFC 3263 §4.3: the INVITE got no answer (timeout or transport error) or a 503: send it again, as a new
    /// transaction, to the next target when there is one and nothing else ended the attempt. Any early dialog of the
    /// failed target is dropped.
    /// </summary>
    private bool TryNextInviteTarget()
    {
        lock (_gate)
        {
            if (_cancelRequested || _end is not null || _inviteTargets is null || !_inviteTargets.TryMoveNext())
            {
                return false;
            }

            _inviteDestination = _inviteTargets.Current!.Value;
            _clientInvite = null;
            Dialog = null;
        }

        _inviteCSeq++;
        SendInvite(_invite!.RequestUri!);
        return true;
    }

    private void SendInvite(SipUri target)
    {
        var options = _outgoing!;
        var from = options.From.Clone();
        from.Tag = LocalTag;
        var request = new SipRequest(SipMethods.Invite, target.Clone());
        request.Headers.Add(HeaderId.Via, _core.CreateVia(_inviteDestination.Transport).ToString());
        request.Headers.Add(HeaderId.MaxForwards, "70");
        if (options.OutboundProxy is { } proxy)
        {
            var route = proxy.Clone();
            route.Parameters.Set("lr", null);
            request.Headers.Add(HeaderId.Route, "<" + route + ">");
        }

        request.Headers.Add(HeaderId.From, from.ToString());
        request.Headers.Add(HeaderId.To, new NameAddress(target.Clone()).ToString());
        request.Headers.Add(HeaderId.CallId, CallId);
        request.Headers.Add(HeaderId.CSeq, new CSeqHeader(_inviteCSeq, SipMethods.Invite).ToString());
        request.Headers.Add(HeaderId.Contact, OurContact(_inviteDestination.Transport).ToString());
        request.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
        request.Headers.Add(HeaderId.Supported, "replaces, timer");
        foreach (var (name, value) in options.ExtraHeaders)
        {
            request.Headers.Add(name, value);
        }

        _core.AddCommonHeaders(request);
        if (options.SdpOffer is not null)
        {
            request.SetBody("application/sdp", System.Text.Encoding.UTF8.GetBytes(options.SdpOffer));
        }

        if (_auth.HasChallenges)
        {
            _auth.Authorize(request);
        }

        lock (_gate)
        {
            _invite = request;
            _provisionalSeen = false;
        }

        // The answer can arrive (on the transport's thread) before SendRequest returns: a peer on the same host
        // answers at once. Responses are therefore matched to the INVITE they answer (IsCurrentInvite), never to
        // the transaction object this method only gets back after sending.
        var transaction = (ClientInviteTransaction)_core.Transactions.SendRequest(
            request, _inviteDestination, new ClientCallbacks(OnInviteResponse, OnInviteFailure));
        AdoptInviteTransaction(transaction);
    }

    /// <summary>True when <paramref name="transaction"/> carries our latest INVITE (not one replaced by an auth retry or a redirect).</summary>
    private bool IsCurrentInvite(ClientTransaction transaction)
    {
        lock (_gate)
        {
            return ReferenceEquals(transaction.Request, _invite);
        }
    }

    private void AdoptInviteTransaction(ClientTransaction transaction)
    {
        lock (_gate)
        {
            if (ReferenceEquals(transaction.Request, _invite))
            {
                _clientInvite = (ClientInviteTransaction)transaction;
            }
        }
    }

    /// <summary>Cancels an outgoing call before it is answered (RFC 3261 §9.1): CANCEL once a provisional response arrived.</summary>
    private void Cancel()
    {
        bool sendNow;
        lock (_gate)
        {
            if (State is not (InviteSessionState.Calling or InviteSessionState.Ringing) || _cancelRequested)
            {
                return;
            }

            _cancelRequested = true;
            sendNow = _provisionalSeen;
        }

        if (sendNow)
        {
            SendCancel();
        }
    }

    private void SendCancel()
    {
        var cancel = _clientInvite!.CreateCancel();
        _core.AddCommonHeaders(cancel);
        _core.Transactions.SendRequest(cancel, _inviteDestination, new ClientCallbacks((_, _) => { }, (_, _, _) => { }));

        // Timer C-like guard: if the INVITE never ends after the CANCEL, end the session ourselves.
        _core.Time.CreateTimer(
            _ => Finish(new SessionEnd(SessionEndCause.LocalCancel, 0, "cancelled")),
            null,
            _core.Transactions.Timers.Timeout64,
            Timeout.InfiniteTimeSpan);
    }

    private void OnInviteFailure(ClientTransaction transaction, string reason, bool timedOut)
    {
        if (!IsCurrentInvite(transaction))
        {
            return;
        }

        if (TryNextInviteTarget())
        {
            return;
        }

        var cancelled = _cancelRequested;
        Finish(cancelled
            ? new SessionEnd(SessionEndCause.LocalCancel, 0, "cancelled")
            : new SessionEnd(SessionEndCause.Failed, timedOut ? 408 : 503, $"{reason} from {_inviteDestination.EndPoint}"));
    }

    private void OnInviteResponse(ClientTransaction transaction, SipResponse response)
    {
        if (!IsCurrentInvite(transaction))
        {
            // A 2xx to an earlier INVITE of ours (before an auth retry) still needs its ACK and a BYE.
            if (response.IsSuccess)
            {
                AckAndByeStray(response);
            }

            return;
        }

        AdoptInviteTransaction(transaction);
        if (response.IsProvisional)
        {
            OnProvisional(response);
            return;
        }

        if (response.IsSuccess)
        {
            OnSuccess(response);
            return;
        }

        _auth.OnAccepted();
        switch (response.StatusCode)
        {
            case 401 or 407 when !_cancelRequested:
                if (_auth.TryAnswer(response))
                {
                    _inviteCSeq++;
                    SendInvite(_invite!.RequestUri!);
                    return;
                }

                Finish(new SessionEnd(SessionEndCause.Failed, response.StatusCode, _auth.FailureReason ?? response.StatusLine));
                return;
            case >= 300 and < 400 when !_cancelRequested && _redirects < MaxRedirects && FirstContact(response) is { } redirect:
                // §8.1.3.4: try the first contact of the redirect.
                _redirects++;
                RemoteUri = redirect;
                _inviteCSeq++;
                BeginInvite(redirect, response.StatusCode, out _);
                return;
            case 503 when TryNextInviteTarget():
                return;
        }

        var cause = response.StatusCode == 487 && _cancelRequested ? SessionEndCause.LocalCancel : SessionEndCause.Rejected;
        Finish(new SessionEnd(cause, response.StatusCode, response.StatusLine));
    }

    private void OnProvisional(SipResponse response)
    {
        bool sendCancel;
        lock (_gate)
        {
            sendCancel = _cancelRequested && !_provisionalSeen;
            _provisionalSeen = true;
            if (response.StatusCode > 100 && response.ToTag is not null && Dialog is null)
            {
                Dialog = Dialog.CreateAsUac(_invite!, response, _inviteDestination.Transport);
            }

            if (response.StatusCode > 100 && State == InviteSessionState.Calling)
            {
                State = InviteSessionState.Ringing;
            }
        }

        if (sendCancel)
        {
            SendCancel();
            return;
        }

        if (response.StatusCode > 100)
        {
            if (!response.Body.IsEmpty)
            {
                RemoteSdp = response.BodyText;
            }

            Ringing?.Invoke(this, response.StatusCode, response.Body.IsEmpty ? null : response.BodyText);
        }
    }

    private void OnSuccess(SipResponse response)
    {
        _auth.OnAccepted();
        bool first;
        lock (_gate)
        {
            first = State is InviteSessionState.Calling or InviteSessionState.Ringing;
            if (first)
            {
                // The first 2xx fixes the dialog (§13.2.2.4); the early dialog may have had another tag.
                Dialog = Dialog.CreateAsUac(_invite!, response, _inviteDestination.Transport);
                State = InviteSessionState.Confirmed;
            }
        }

        if (!first)
        {
            // A retransmission of our 2xx gets our ACK again; another fork's 2xx gets ACK then BYE (§13.2.2.4).
            if (Dialog is { } dialog && response.ToTag == dialog.RemoteTag)
            {
                ResendAck();
            }
            else
            {
                AckAndByeStray(response);
            }

            return;
        }

        _core.RegisterDialog(this, Dialog!);
        _core.Forget(this, keepDialog: true);
        if (!response.Body.IsEmpty)
        {
            RemoteSdp = response.BodyText;
        }

        SendAckFor2xx();
        ReadSessionTimerFromAnswer(response);
        if (_cancelRequested)
        {
            // The answer crossed our CANCEL: the call exists, so end it properly.
            SendBye(new SessionEnd(SessionEndCause.LocalCancel, 0, "cancelled"));
            return;
        }

        Established?.Invoke(this);
    }

    /// <summary>A 2xx that matched no transaction: a retransmission (re-ACK) or a late fork (ACK and BYE).</summary>
    internal void OnStrayResponse(SipResponse response)
    {
        if (!response.IsSuccess || response.CSeq?.Method != SipMethods.Invite)
        {
            return;
        }

        if (Dialog is { } dialog && response.ToTag == dialog.RemoteTag && State != InviteSessionState.Calling)
        {
            ResendAck();
        }
        else
        {
            AckAndByeStray(response);
        }
    }

    private void SendAckFor2xx()
    {
        // §13.2.2.4: the ACK for a 2xx is its own request with the INVITE's CSeq number, sent to the dialog's next hop.
        var ack = Dialog!.CreateRequest(SipMethods.Ack, NewVia(), OurContact(), _invite!.CSeq!.Value.Number);
        if (_auth.HasChallenges)
        {
            _auth.Authorize(ack);
        }

        _core.AddCommonHeaders(ack);
        _ack = ack;
        ResendAck();
    }

    private void ResendAck()
    {
        if (_ack is not null && TryDialogDestination(out var destination, out _))
        {
            _core.Transactions.SendAck(_ack, destination);
        }
    }

    /// <summary>
    /// §13.2.2.4: a 2xx from another fork (or to an INVITE we replaced) gets its ACK and then a BYE; a retransmission
    /// of that same 2xx gets the same ACK again and no second BYE.
    /// </summary>
    private void AckAndByeStray(SipResponse response)
    {
        if (_invite is null || response.CSeq is not { } cseq)
        {
            return;
        }

        var key = (response.ToTag ?? string.Empty) + "|" + cseq.Number.ToString(CultureInfo.InvariantCulture);
        (SipRequest Ack, SipEndPoint Destination) known;
        lock (_gate)
        {
            _strayAcks.TryGetValue(key, out known);
        }

        if (known.Ack is not null)
        {
            _core.Transactions.SendAck(known.Ack, known.Destination);
            return;
        }

        var stray = Dialog.CreateAsUac(_invite, response, _inviteDestination.Transport);
        if (!_core.Resolver.TryResolveNow(stray.NextHop, out var destination, out _))
        {
            return;
        }

        var ack = stray.CreateRequest(SipMethods.Ack, _core.CreateVia(destination.Transport), OurContact(destination.Transport), cseq.Number);
        _core.AddCommonHeaders(ack);
        lock (_gate)
        {
            if (!_strayAcks.TryAdd(key, (ack, destination)))
            {
                return;
            }
        }

        _core.Transactions.SendAck(ack, destination);
        var bye = stray.CreateRequest(SipMethods.Bye, _core.CreateVia(destination.Transport), OurContact(destination.Transport));
        _core.AddCommonHeaders(bye);
        _core.Transactions.SendRequest(bye, destination, new ClientCallbacks((_, _) => { }, (_, _, _) => { }));
    }

    private static SipUri? FirstContact(SipResponse response)
    {
        foreach (var contact in response.Headers.GetValues(HeaderId.Contact))
        {
            if (NameAddress.TryParse(contact, out var address) && (address.Uri.IsSip || address.Uri.IsTel))
            {
                return address.Uri;
            }
        }

        return null;
    }
}
