using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Invite;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony;

/// <summary>Call control: dial, answer, hang up, hold, mute, DTMF, transfer, and incoming calls.</summary>
public sealed partial class SipTelephony
{
    public async Task DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await DialAsync(request, transferredFrom: null, replaces: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task DialAsync(DialRequest request, TelephonyCall? transferredFrom, string? replaces, CancellationToken cancellationToken)
    {
        var userAgent = _userAgent ?? throw new TelephonyException("not-started", "Telephony is not started.");
        var account = FindAccount(request.AccountId);
        var target = ResolveTarget(request.To, account);
        var from = account is not null
            ? new NameAddress(account.Aor.Clone(), account.Options.DisplayName)
            : new NameAddress(SipUri.Sip("cti", _options.Address.ToString(), SipPort));

        var media = _mediaFactory.Create();
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
        if (!session.StartOutgoing(out var error))
        {
            throw new TelephonyException("bad-target", $"Cannot call {target}: {error}.");
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

        await LearnPublicMediaAddressAsync(call.Media, cancellationToken).ConfigureAwait(false);

        var offer = call.Session.RemoteSdp;
        call.LateOffer = offer is null;
        var sdp = offer is null ? call.Media.CreateOffer(hold: false) : call.Media.CreateAnswer(offer, hold: false);
        if (sdp is null)
        {
            call.Session.Reject(488);
            throw new TelephonyException("media", "The caller offered no audio format we can use.");
        }

        call.Media.SetLocalTone(LocalTone.None);
        call.Session.Accept(sdp);
    }

    public Task HangupAsync(string callId, CancellationToken cancellationToken)
    {
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

        if (!await call.Session.ReferAsync(referTo, replaces, cancellationToken).ConfigureAwait(false))
        {
            throw new TelephonyException("refused", "The other side refused the transfer.");
        }

        Emit(new CallTransferred(_time.GetUtcNow(), call.Id, referTo.ToString()));
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
        var media = _mediaFactory.Create();
        var call = new TelephonyCall(callId, account?.Options.Id, CallDirection.Inbound, session, media);
        _calls[callId] = call;
        Hook(call);
        var remote = session.RemoteUri;
        Emit(new CallStarted(_time.GetUtcNow(), callId, call.AccountId, CallDirection.Inbound, remote.UserUnescaped ?? remote.ToString(), remote.ToString(), session.RemoteDisplayName));

        if (session.Replaces is { } replaces)
        {
            AcceptReplacement(call, replaces);
            return;
        }

        if (_doNotDisturb || _calls.Count > _options.MaxCalls)
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
        // waits behind an answered one does not ring over the conversation (its event still reaches the CRM).
        if (!_calls.Values.Any(c => c.Answered && !ReferenceEquals(c, call)))
        {
            media.SetLocalTone(LocalTone.Ring);
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
                call.Media.SetLocalTone(LocalTone.None);
                call.Media.Start();
            }
            else if (!call.EarlyMedia)
            {
                call.Media.SetLocalTone(LocalTone.Ringback);
            }

            Emit(new CallRinging(_time.GetUtcNow(), call.Id));
        };
        session.Established += established =>
        {
            if ((call.Direction == CallDirection.Outbound || call.LateOffer) && session.RemoteSdp is { } answer && !call.Media.ApplyAnswer(answer))
            {
                LogUnusableAnswer(call.Id);
            }

            call.Answered = true;
            call.NoAnswerTimer?.Dispose();
            call.Media.SetLocalTone(LocalTone.None);
            call.Media.Start();
            Emit(new CallAnswered(_time.GetUtcNow(), call.Id));
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
        try
        {
            await transferredFrom.Session.NotifyReferProgressAsync(statusCode, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (statusCode is >= 200 and < 300)
            {
                transferredFrom.Session.Hangup();
            }
        }
    }

    private async Task OnEndedAsync(TelephonyCall call, SessionEnd end)
    {
        call.NoAnswerTimer?.Dispose();
        call.Media.SetLocalTone(LocalTone.None);
        _calls.TryRemove(new KeyValuePair<string, TelephonyCall>(call.Id, call));
        if (!call.Answered && call.TransferredFrom is { } transferredFrom)
        {
            _ = TransferOutcomeAsync(transferredFrom, end.StatusCode >= 300 ? end.StatusCode : 503);
        }

        Emit(new CallEnded(_time.GetUtcNow(), call.Id, DispositionOf(call, end), end.Reason));
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

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Call {CallId}: transfer failed: {Reason}")]
    private partial void LogReferFailed(string callId, string reason);
}
