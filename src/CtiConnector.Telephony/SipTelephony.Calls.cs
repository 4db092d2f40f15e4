using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Invite;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony;

/// <summary>Call control: dial, answer, hang up, hold, mute, DTMF, transfer, and incoming calls.</summary>
public sealed partial class SipTelephony
{
    /// <summary>The reason a call ends with when we offered encrypted media only and the answer is plain RTP.</summary>
    internal const string EncryptionRefusedReason = "the other side did not accept encrypted media";

    /// <summary>How long the transferor waits for the final NOTIFY of an accepted REFER before it hangs up the old call.</summary>
    internal static readonly TimeSpan TransferFinalNotifyWait = TimeSpan.FromSeconds(4);

    /// <summary>How long the transferee waits for the answer to its final NOTIFY before it hangs up the old call.</summary>
    internal static readonly TimeSpan TransferNotifyAnswerWait = TimeSpan.FromSeconds(2);

    public async Task DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await DialAsync(request, transferredFrom: null, replaces: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task DialAsync(DialRequest request, TelephonyCall? transferredFrom, string? replaces, CancellationToken cancellationToken)
    {
        var userAgent = _userAgent ?? throw new TelephonyException("not-started", "Telephony is not started.");

        // The call is known from here on, so a hang-up that comes while it is being prepared (the core announces it
        // as soon as it is asked for, and the STUN question can take seconds) is kept, not refused as unknown.
        lock (_preparingGate)
        {
            if (_calls.ContainsKey(request.CallId) || !_preparing.TryAdd(request.CallId, false))
            {
                throw new TelephonyException("duplicate-call", $"A call {request.CallId} already exists.");
            }
        }

        try
        {
            await PlaceAsync(userAgent, request, transferredFrom, replaces, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_preparingGate)
            {
                _preparing.Remove(request.CallId);
            }
        }
    }

    private async Task PlaceAsync(Sip.UserAgent.Core.UserAgentCore userAgent, DialRequest request, TelephonyCall? transferredFrom, string? replaces, CancellationToken cancellationToken)
    {
        var account = FindAccount(request.AccountId);
        var target = ResolveTarget(request.To, account);
        var from = account is not null
            ? new NameAddress(account.Aor.Clone(), account.Options.DisplayName)
            : new NameAddress(SipUri.Sip("cti", _options.Address.ToString(), SipPort));

        var media = _mediaFactory.Create(account?.Options);
        OutgoingCallOptions options;
        try
        {
            await LearnPublicMediaAddressAsync(media, cancellationToken).ConfigureAwait(false);
            options = new OutgoingCallOptions
            {
                Target = target,
                From = from,
                SdpOffer = media.CreateOffer(hold: false),
                Credentials = account is null ? [] : CredentialsOf(account.Options),
                OutboundProxy = account?.OutboundProxy,
                Transport = account is null ? null : TransportOf(account.Options.Transport),
                ExtraHeaders = replaces is null ? [] : [new("Replaces", replaces)],
                ContactEndPoint = ContactEndPointFor(account),
            };
        }
        catch
        {
            _ = media.DisposeAsync().AsTask();
            throw;
        }

        var session = userAgent.CreateOutgoing(options);
        var call = new TelephonyCall(request.CallId, account?.Options.Id, CallDirection.Outbound, session, media)
        {
            TransferredFrom = transferredFrom,
        };
        if (!_calls.TryAdd(call.Id, call))
        {
            _ = media.DisposeAsync().AsTask();
            throw new TelephonyException("duplicate-call", $"A call {call.Id} already exists.");
        }

        Hook(call);
        Emit(new CallStarted(_time.GetUtcNow(), call.Id, call.AccountId, CallDirection.Outbound, target.UserUnescaped ?? target.ToString(), target.ToString(), null));
        bool hungUpWhilePreparing;
        lock (_preparingGate)
        {
            _preparing.Remove(call.Id, out hungUpWhilePreparing);
        }

        if (hungUpWhilePreparing)
        {
            // Nothing was sent: the session ends as cancelled when started, without an INVITE.
            session.Hangup();
        }

        if (!session.StartOutgoing(out _))
        {
            // The target was already known not to resolve (a cached answer): the session has ended and the call is
            // reported and logged as failed with the reason, exactly as when the lookup fails a moment later.
            return;
        }

        call.NoAnswerTimer = _time.CreateTimer(
            _ =>
            {
                if (!call.Answered && session.State is InviteSessionState.Calling or InviteSessionState.Ringing)
                {
                    call.NoAnswerTimedOut = true;
                    session.Hangup();
                }
            },
            null,
            _options.NoAnswerTimeout,
            Timeout.InfiniteTimeSpan);
        LogDialing(call.Id, target.ToString());
    }

    public async Task AnswerAsync(string callId, CancellationToken cancellationToken)
    {
        var call = GetCall(callId);
        if (call.Direction != CallDirection.Inbound || call.Session.State != InviteSessionState.Incoming)
        {
            throw new TelephonyException("invalid-state", "Only a ringing incoming call can be answered.");
        }

        // Answering a waiting call puts the conversation(s) in progress on hold first, as a desk phone does: the user
        // never talks to two parties at once by accident. A peer that refuses the hold does not stop the answer.
        foreach (var other in _calls.Values.Where(c => !ReferenceEquals(c, call) && c.Answered && !c.OnHold && c.Session.State == InviteSessionState.Confirmed).ToList())
        {
            try
            {
                await HoldAsync(other.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (TelephonyException ex)
            {
                LogHoldBeforeAnswerFailed(other.Id, call.Id, ex.Message);
            }
        }

        await LearnPublicMediaAddressAsync(call.Media, cancellationToken).ConfigureAwait(false);
        if (call.Session.State != InviteSessionState.Incoming)
        {
            throw new TelephonyException("invalid-state", "The caller hung up before the call could be answered.");
        }

        var offer = call.Session.RemoteSdp;
        call.LateOffer = offer is null;
        var sdp = offer is null ? call.Media.CreateOffer(hold: false) : call.Media.CreateAnswer(offer, hold: false);
        if (sdp is null)
        {
            call.Session.Reject(488);
            throw new TelephonyException("media", "The caller offered no audio format we can use.");
        }

        call.EndRinging();
        call.Waiting = false;
        call.AnswerSent = true;
        call.Session.Accept(sdp);
    }

    public Task HangupAsync(string callId, CancellationToken cancellationToken)
    {
        lock (_preparingGate)
        {
            // A call still being prepared has no session yet: it ends, cancelled, as soon as it has one.
            if (_preparing.ContainsKey(callId))
            {
                _preparing[callId] = true;
                return Task.CompletedTask;
            }
        }

        GetCall(callId).Session.Hangup();
        return Task.CompletedTask;
    }

    public async Task HoldAsync(string callId, CancellationToken cancellationToken)
    {
        var call = GetCall(callId);
        RequireConfirmed(call);
        if (call.OnHold)
        {
            return;
        }

        var answer = await call.Session.ReinviteAsync(call.Media.CreateOffer(hold: true), cancellationToken).ConfigureAwait(false);
        if (answer is null || !call.Media.ApplyAnswer(answer))
        {
            throw new TelephonyException("refused", "The other side refused to be put on hold.");
        }

        call.OnHold = true;
        Emit(new CallHeld(_time.GetUtcNow(), call.Id, ByRemote: false));
        UpdateCallWaiting();
    }

    public async Task ResumeAsync(string callId, CancellationToken cancellationToken)
    {
        var call = GetCall(callId);
        RequireConfirmed(call);
        if (!call.OnHold)
        {
            return;
        }

        var answer = await call.Session.ReinviteAsync(call.Media.CreateOffer(hold: false), cancellationToken).ConfigureAwait(false);
        if (answer is null || !call.Media.ApplyAnswer(answer))
        {
            throw new TelephonyException("refused", "The other side refused to resume the call.");
        }

        call.OnHold = false;
        Emit(new CallResumed(_time.GetUtcNow(), call.Id));
        UpdateCallWaiting();
    }

    public Task SetMuteAsync(string callId, bool muted, CancellationToken cancellationToken)
    {
        GetCall(callId).Media.SetMuted(muted);
        return Task.CompletedTask;
    }

    public async Task SendDtmfAsync(string callId, string digits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var call = GetCall(callId);
        RequireConfirmed(call);
        foreach (var digit in digits)
        {
            if (!"0123456789*#ABCDabcd".Contains(digit, StringComparison.Ordinal))
            {
                throw new TelephonyException("bad-digit", $"'{digit}' is not a DTMF digit.");
            }
        }

        await call.Media.SendDtmfAsync(digits.ToUpperInvariant(), cancellationToken).ConfigureAwait(false);
    }

    public async Task TransferAsync(string callId, string target, string? consultCallId, CancellationToken cancellationToken)
    {
        var call = GetCall(callId);
        RequireConfirmed(call);
        var account = call.AccountId is null ? null : FindAccount(call.AccountId);
        string? replaces = null;
        SipUri referTo;
        if (consultCallId is not null)
        {
            // RFC 3891: refer the first party to the second call's dialog, which it replaces.
            var consult = GetCall(consultCallId);
            var dialog = consult.Session.Dialog ?? throw new TelephonyException("invalid-state", "The consultation call is not established.");
            referTo = dialog.Remote.Uri.Clone();
            replaces = $"{dialog.CallId};to-tag={dialog.RemoteTag};from-tag={dialog.LocalTag}";
        }
        else
        {
            referTo = ResolveTarget(target, account);
        }

        // Listen before sending: the final NOTIFY may overtake our handling of the 202.
        var outcome = new TransferOutcome(call.Session);
        bool accepted;
        try
        {
            accepted = await call.Session.ReferAsync(referTo, replaces, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            outcome.Dispose();
            throw;
        }

        if (!accepted)
        {
            outcome.Dispose();
            throw new TelephonyException("refused", "The other side refused the transfer.");
        }

        Emit(new CallTransferred(_time.GetUtcNow(), call.Id, referTo.ToString()));
        _ = EndTransferredCallAsync(call, outcome);
    }

    /// <summary>
    /// The transferor's side once the REFER is accepted (RFC 3515, RFC 5589 §6): the old call ends with our BYE when
    /// the final NOTIFY reports success, or after <see cref="TransferFinalNotifyWait"/> without one (the other side
    /// is calling the target on its own by then; a NOTIFY arriving after our BYE is answered 481 by the user agent).
    /// A final NOTIFY reporting failure keeps the call: the user is still talking to the party they tried to transfer.
    /// </summary>
    private async Task EndTransferredCallAsync(TelephonyCall call, TransferOutcome outcome)
    {
        using (outcome)
        {
            int status;
            try
            {
                status = await outcome.Final.WaitAsync(TransferFinalNotifyWait, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                status = 0;
            }

            if (status >= 300)
            {
                LogTransferReportedFailure(call.Id, status);
                return;
            }

            if (call.Session.State == InviteSessionState.Confirmed)
            {
                call.Session.Hangup();
            }
        }
    }

    private static void RequireConfirmed(TelephonyCall call)
    {
        if (call.Session.State != InviteSessionState.Confirmed)
        {
            throw new TelephonyException("invalid-state", "The call is not established.");
        }
    }

    private void OnIncomingCall(InviteSession session)
    {
        var callId = "c" + Sip.Messages.SipIdentifiers.NewTag();
        var account = MatchAccount(session);
        session.ContactEndPoint = ContactEndPointFor(account);
        var media = _mediaFactory.Create(account?.Options);
        var call = new TelephonyCall(callId, account?.Options.Id, CallDirection.Inbound, session, media);
        _calls[callId] = call;
        Hook(call);
        var remote = session.RemoteUri;
        var busy = _doNotDisturb || _calls.Count > _options.MaxCalls;
        call.Waiting = session.Replaces is null && !busy && _calls.Values.Any(c => c.Answered && !ReferenceEquals(c, call));
        Emit(new CallStarted(_time.GetUtcNow(), callId, call.AccountId, CallDirection.Inbound, remote.UserUnescaped ?? remote.ToString(), remote.ToString(), session.RemoteDisplayName, call.Waiting));

        if (session.Replaces is { } replaces)
        {
            AcceptReplacement(call, replaces);
            return;
        }

        if (busy)
        {
            call.RejectedAutomatically = true;
            session.Reject(486, "Busy Here");
            return;
        }

        if (session.RemoteSdp is { } offer && media.CreateAnswer(offer, hold: false) is null)
        {
            session.Reject(488);
            return;
        }

        session.Ring();

        // The ring tone plays through the device until the call is answered, declined or given up; a call that
        // waits behind an answered one does not ring over the conversation: the conversation gets the call-waiting
        // beeps instead (and the CRM its event).
        if (!call.Waiting)
        {
            call.PlayRingingTone(LocalTone.Ring);
        }

        UpdateCallWaiting();
    }

    /// <summary>
    /// Call waiting. While calls are being talked on and incoming calls ring behind them, the talked-on calls that are
    /// not on hold play the call-waiting beeps over their audio. When no call is being talked on any more, the calls
    /// that were waiting ring like any incoming call (and say so with <see cref="CallRinging"/>).
    /// </summary>
    private void UpdateCallWaiting()
    {
        List<TelephonyCall> nowRinging = [];
        lock (_waitingGate)
        {
            var talking = _calls.Values.Where(c => c.Answered && c.Session.State == InviteSessionState.Confirmed).ToList();
            var ringing = _calls.Values.Where(c => c.Direction == CallDirection.Inbound && c.Session.State == InviteSessionState.Incoming && !c.RejectedAutomatically).ToList();
            foreach (var c in talking)
            {
                c.Media.SetCallWaitingTone(ringing.Count > 0 && !c.OnHold);
            }

            if (talking.Count == 0)
            {
                foreach (var c in ringing.Where(c => c.Waiting))
                {
                    c.Waiting = false;
                    c.PlayRingingTone(LocalTone.Ring);
                    nowRinging.Add(c);
                }
            }
        }

        foreach (var c in nowRinging)
        {
            Emit(new CallRinging(_time.GetUtcNow(), c.Id, Waiting: false));
        }
    }

    private void Hook(TelephonyCall call)
    {
        var session = call.Session;
        session.OfferHandler = offer => OnRemoteOffer(call, offer);
        session.Ringing += (_, _, earlySdp) =>
        {
            if (earlySdp is not null && call.Media.ApplyAnswer(earlySdp))
            {
                // Early media (183 with SDP): the network plays its own ringback or announcement.
                call.EarlyMedia = true;
                call.PlayRingingTone(LocalTone.None);
                call.Media.Start();
            }
            else if (!call.EarlyMedia)
            {
                call.PlayRingingTone(LocalTone.Ringback);
            }

            Emit(new CallRinging(_time.GetUtcNow(), call.Id));
        };
        session.Established += established =>
        {
            if ((call.Direction == CallDirection.Outbound || call.LateOffer) && session.RemoteSdp is { } answer
                && !call.Media.ApplyAnswer(answer, out var failure))
            {
                LogUnusableAnswer(call.Id);
                if (failure?.Kind == NegotiationFailureKind.EncryptionRequired)
                {
                    // We offered SRTP only (sdes, sdes-required) and were answered plain RTP: no audio can flow, and
                    // sending it unencrypted is what the account refuses. End the call with the reason (RFC 3264 §5.1:
                    // the offerer may end a session whose answer it cannot use).
                    session.Abandon(EncryptionRefusedReason);
                    return;
                }
            }

            call.Answered = true;
            call.NoAnswerTimer?.Dispose();
            call.EndRinging();
            call.Media.Start();
            Emit(new CallAnswered(_time.GetUtcNow(), call.Id, Encrypted: call.Media.GetStatistics().Negotiated?.Srtp is not null));
            UpdateCallWaiting();
            if (call.TransferredFrom is { } transferredFrom)
            {
                _ = TransferOutcomeAsync(transferredFrom, 200);
            }
        };
        session.RefreshDue += refreshing => _ = RefreshSessionAsync(call);
        session.DtmfReceived += (_, digit) => Emit(new CallDtmf(_time.GetUtcNow(), call.Id, digit));
        call.Media.DtmfReceived += digit => Emit(new CallDtmf(_time.GetUtcNow(), call.Id, digit));
        session.Referred += (referred, refer) => _ = OnReferredAsync(call, refer);
        session.Ended += (ended, end) => _ = OnEndedAsync(call, end);
    }

    /// <summary>
    /// RFC 3891: an INVITE that replaces one of our established calls (we are the target of an attended transfer).
    /// It is answered at once, and the call it replaces ends. A Replaces that matches nothing gets 481.
    /// </summary>
    private void AcceptReplacement(TelephonyCall call, string replaces)
    {
        var parts = replaces.Split(';', StringSplitOptions.TrimEntries);
        string? toTag = null, fromTag = null;
        foreach (var part in parts.Skip(1))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length == 2 && kv[0].Equals("to-tag", StringComparison.OrdinalIgnoreCase))
            {
                toTag = kv[1];
            }
            else if (kv.Length == 2 && kv[0].Equals("from-tag", StringComparison.OrdinalIgnoreCase))
            {
                fromTag = kv[1];
            }
        }

        // The tags are the replaced dialog's, as its recipient sees them: to-tag is ours, from-tag the peer's.
        var replaced = _calls.Values.FirstOrDefault(c =>
            !ReferenceEquals(c, call)
            && c.Session.Dialog is { } dialog
            && dialog.CallId == parts[0]
            && ((dialog.LocalTag == toTag && dialog.RemoteTag == fromTag) || (dialog.LocalTag == fromTag && dialog.RemoteTag == toTag)));
        if (replaced is null || replaced.Session.State != InviteSessionState.Confirmed)
        {
            call.RejectedAutomatically = true;
            call.Session.Reject(481, "Call/Transaction Does Not Exist");
            return;
        }

        var offer = call.Session.RemoteSdp;
        call.LateOffer = offer is null;
        var sdp = offer is null ? call.Media.CreateOffer(hold: false) : call.Media.CreateAnswer(offer, hold: false);
        if (sdp is null)
        {
            call.Session.Reject(488);
            return;
        }

        call.Session.Accept(sdp);
        Emit(new CallTransferred(_time.GetUtcNow(), replaced.Id, call.Session.RemoteUri.ToString()));
        replaced.Session.Hangup();
    }

    /// <summary>RFC 4028 refresh: a re-INVITE with the SDP we have now (same direction, same codecs).</summary>
    private async Task RefreshSessionAsync(TelephonyCall call)
    {
        var answer = await call.Session.ReinviteAsync(call.Media.CreateOffer(call.OnHold), CancellationToken.None).ConfigureAwait(false);
        if (answer is null || !call.Media.ApplyAnswer(answer))
        {
            LogRefreshFailed(call.Id);
        }
    }

    private string? OnRemoteOffer(TelephonyCall call, string? offer)
    {
        if (offer is null)
        {
            return call.Media.CreateOffer(call.OnHold);
        }

        var wasHeld = call.RemoteHold;
        var held = SdpHold.IsHold(offer);
        var answer = call.Media.CreateAnswer(offer, call.OnHold);
        if (answer is null)
        {
            return null;
        }

        call.RemoteHold = held;
        if (held && !wasHeld)
        {
            Emit(new CallHeld(_time.GetUtcNow(), call.Id, ByRemote: true));
        }
        else if (!held && wasHeld)
        {
            Emit(new CallResumed(_time.GetUtcNow(), call.Id));
        }

        return answer;
    }

    private async Task OnReferredAsync(TelephonyCall call, ReferRequest refer)
    {
        // Being transferred (RFC 3515): report that we try, call the target; the new call's outcome is reported
        // by NOTIFY when it is answered or fails (see TransferOutcomeAsync), and the old call ends on success.
        Emit(new CallTransferred(_time.GetUtcNow(), call.Id, refer.Target.ToString()));
        try
        {
            await call.Session.NotifyReferProgressAsync(100, CancellationToken.None).ConfigureAwait(false);
            // RFC 3891: an attended transfer's INVITE carries the Replaces the REFER gave us.
            await DialAsync(new DialRequest("c" + SipIdentifiers.NewTag(), refer.Target.ToString(), call.AccountId), transferredFrom: call, refer.Replaces, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TelephonyException ex)
        {
            LogReferFailed(call.Id, ex.Message);
            await call.Session.NotifyReferProgressAsync(503, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Tells the party that transferred us how the new call went; ends the old call when it succeeded.</summary>
    private async Task TransferOutcomeAsync(TelephonyCall transferredFrom, int statusCode)
    {
        var notify = transferredFrom.Session.NotifyReferProgressAsync(statusCode, CancellationToken.None);
        if (statusCode is not (>= 200 and < 300))
        {
            await notify.ConfigureAwait(false);
            return;
        }

        try
        {
            // The old call ends soon after the final NOTIFY whether or not the transferor answers it: waiting for the
            // NOTIFY's transaction to time out would keep it up for 32 s. A late answer is absorbed by the transaction.
            await notify.WaitAsync(TransferNotifyAnswerWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogTransferNotifyUnanswered(transferredFrom.Id);
        }
        finally
        {
            transferredFrom.Session.Hangup();
        }
    }

    private async Task OnEndedAsync(TelephonyCall call, SessionEnd end)
    {
        call.NoAnswerTimer?.Dispose();
        call.EndRinging();
        call.Media.SetCallWaitingTone(false);
        _calls.TryRemove(new KeyValuePair<string, TelephonyCall>(call.Id, call));
        if (!call.Answered && call.TransferredFrom is { } transferredFrom)
        {
            _ = TransferOutcomeAsync(transferredFrom, end.StatusCode >= 300 ? end.StatusCode : 503);
        }

        Emit(new CallEnded(_time.GetUtcNow(), call.Id, DispositionOf(call, end), end.Reason));
        UpdateCallWaiting();
        await call.Media.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Maps how the signalling ended to the history's disposition.</summary>
    internal static CallDisposition DispositionOf(TelephonyCall call, SessionEnd end)
    {
        if (call.Answered)
        {
            return CallDisposition.Answered;
        }

        if (call.Direction == CallDirection.Inbound)
        {
            if (call.AnswerSent && end.Cause == SessionEndCause.Failed)
            {
                return CallDisposition.Failed; // answered here, but the caller never confirmed (no ACK)
            }

            return end.Cause == SessionEndCause.LocalDecline && !call.RejectedAutomatically
                ? CallDisposition.Declined
                : CallDisposition.Missed;
        }

        return end.Cause switch
        {
            SessionEndCause.LocalCancel when call.NoAnswerTimedOut => CallDisposition.NoAnswer,
            SessionEndCause.LocalCancel => CallDisposition.Cancelled,
            SessionEndCause.Rejected when end.StatusCode is 486 or 600 => CallDisposition.Busy,
            SessionEndCause.Rejected when end.StatusCode is 603 => CallDisposition.Declined,
            SessionEndCause.Rejected when end.StatusCode is 408 or 480 => CallDisposition.NoAnswer,
            _ => CallDisposition.Failed,
        };
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Call {CallId}: dialling {Target}")]
    private partial void LogDialing(string callId, string target);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Call {CallId}: the answer's SDP is unusable")]
    private partial void LogUnusableAnswer(string callId);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Call {CallId}: the session refresh was refused")]
    private partial void LogRefreshFailed(string callId);

    [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "Call {CallId} could not be put on hold before answering {AnsweredCallId}: {Reason}")]
    private partial void LogHoldBeforeAnswerFailed(string callId, string answeredCallId, string reason);

    [LoggerMessage(EventId = 315, Level = LogLevel.Information, Message = "Call {CallId}: the transfer target could not be reached ({Status}); the call goes on")]
    private partial void LogTransferReportedFailure(string callId, int status);

    [LoggerMessage(EventId = 316, Level = LogLevel.Information, Message = "Call {CallId}: the transfer's final NOTIFY is not answered yet; hanging up anyway")]
    private partial void LogTransferNotifyUnanswered(string callId);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Call {CallId}: transfer failed: {Reason}")]
    private partial void LogReferFailed(string callId, string reason);
}
