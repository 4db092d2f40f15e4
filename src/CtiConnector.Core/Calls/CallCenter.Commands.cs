using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Core.Numbers;
using CtiConnector.Core.Telephony;

namespace CtiConnector.Core.Calls;

public sealed partial class CallCenter
{
    private const string DtmfDigits = "0123456789*#ABCDabcd";

    /// <summary>
    /// Places a call to <paramref name="to"/> (number, <c>tel:</c>/<c>sip:</c>/<c>callto:</c> URI, <c>user@domain</c>).
    /// The call id is assigned here; the contact is <paramref name="contactId"/> when it exists in the directory, else
    /// the one found by number. Returns once the INVITE is sent, with the call as known then.
    /// </summary>
    public async Task<CallInfo> DialAsync(string to, string? accountId, string? contactId, CancellationToken cancellationToken)
    {
        if (!DialTarget.TryParse(to, out var target, out var error))
        {
            throw new CallCenterException("bad-target", error);
        }

        var number = target.Number is { } dialled ? Normalize(dialled) : default(NormalizedNumber);
        var remote = new RemoteParty(target.Dial, number.E164, null);
        var callId = Guid.NewGuid().ToString("N");
        var info = new CallInfo(callId, accountId, CallDirection.Outbound, CallState.Dialing, remote, null, _time.GetUtcNow(), null, null, null);
        var entry = new CallEntry(info, number.MatchKey);
        lock (_gate)
        {
            _calls.Add(callId, entry);
            _writer.Begin(ToRecord(info));
        }

        LogDialing(callId, target.Dial);
        var announced = AnnounceAsync(entry, string.IsNullOrEmpty(contactId) ? null : contactId);
        try
        {
            await _telephony.DialAsync(new DialRequest(callId, target.Dial, accountId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var code = ex is TelephonyException telephony ? telephony.Code : "error";
            OnCallEvent(new CallEnded(_time.GetUtcNow(), callId, CallDisposition.Failed, ex.Message));
            await announced.ConfigureAwait(false);
            throw code switch
            {
                "bad-target" => new CallCenterException("bad-target", ex.Message, ex),
                "no-such-account" => new CallCenterException("bad-request", ex.Message, ex),
                "unavailable" => new CallCenterException("unavailable", ex.Message, ex),
                _ when ex is OperationCanceledException => new CallCenterException("cancelled", "The call was cancelled before it was placed.", ex),
                _ => new CallCenterException("telephony", ex.Message, ex),
            };
        }

        await announced.ConfigureAwait(false);
        lock (_gate)
        {
            return entry.Info;
        }
    }

    /// <summary>Answers a ringing incoming call.</summary>
    public Task<CallInfo> AnswerAsync(string callId, CancellationToken cancellationToken) =>
        RunAsync(callId, (t, id, ct) => t.AnswerAsync(id, ct), cancellationToken);

    /// <summary>Ends a call in any state (cancel, decline or hang up).</summary>
    public Task<CallInfo> HangupAsync(string callId, CancellationToken cancellationToken) =>
        RunAsync(callId, (t, id, ct) => t.HangupAsync(id, ct), cancellationToken);

    /// <summary>Puts an active call on hold.</summary>
    public Task<CallInfo> HoldAsync(string callId, CancellationToken cancellationToken) =>
        RunAsync(callId, (t, id, ct) => t.HoldAsync(id, ct), cancellationToken);

    /// <summary>Takes a held call off hold.</summary>
    public Task<CallInfo> ResumeAsync(string callId, CancellationToken cancellationToken) =>
        RunAsync(callId, (t, id, ct) => t.ResumeAsync(id, ct), cancellationToken);

    /// <summary>Mutes or unmutes the microphone on a call; publishes <c>call.updated</c>.</summary>
    public async Task<CallInfo> SetMuteAsync(string callId, bool muted, CancellationToken cancellationToken)
    {
        await RunAsync(callId, (t, id, ct) => t.SetMuteAsync(id, muted, ct), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var entry))
            {
                return GetEndedOrThrow(callId);
            }

            if (entry.Info.Muted != muted && !entry.Ending)
            {
                entry.Info = entry.Info with { Muted = muted };
                if (entry.Deferred is null)
                {
                    _hub.Publish(new CallEvent(EventTypes.CallUpdated, _time.GetUtcNow(), entry.Info) { Reason = muted ? "muted" : "unmuted" });
                }
            }

            return entry.Info;
        }
    }

    /// <summary>Sends DTMF digits (<c>0-9 * # A-D</c>, at most 64).</summary>
    public Task<CallInfo> SendDtmfAsync(string callId, string digits, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(digits) || digits.Length > 64 || digits.AsSpan().IndexOfAnyExcept(DtmfDigits) >= 0)
        {
            throw new CallCenterException("bad-request", "Digits must be 1 to 64 of 0-9, *, #, A-D.");
        }

        return RunAsync(callId, (t, id, ct) => t.SendDtmfAsync(id, digits.ToUpperInvariant(), ct), cancellationToken);
    }

    /// <summary>Transfers a call: blind to <paramref name="to"/>, or attended when <paramref name="consultCallId"/> names a second live call.</summary>
    public Task<CallInfo> TransferAsync(string callId, string to, string? consultCallId, CancellationToken cancellationToken)
    {
        if (!DialTarget.TryParse(to, out var target, out var error))
        {
            throw new CallCenterException("bad-target", error);
        }

        if (!string.IsNullOrEmpty(consultCallId))
        {
            lock (_gate)
            {
                if (!_calls.ContainsKey(consultCallId))
                {
                    throw NoSuchCall(consultCallId);
                }
            }
        }

        return RunAsync(
            callId,
            (t, id, ct) => t.TransferAsync(id, target.Dial, string.IsNullOrEmpty(consultCallId) ? null : consultCallId, ct),
            cancellationToken);
    }

    /// <summary>A live call, or null.</summary>
    public CallInfo? GetCall(string callId)
    {
        lock (_gate)
        {
            return _calls.TryGetValue(callId, out var entry) ? entry.Info : null;
        }
    }

    /// <summary>The live calls, oldest first.</summary>
    public IReadOnlyList<CallInfo> GetCalls()
    {
        lock (_gate)
        {
            return BuildStatus().Calls;
        }
    }

    private async Task<CallInfo> RunAsync(string callId, Func<ITelephony, string, CancellationToken, Task> command, CancellationToken cancellationToken)
    {
        CallEntry? entry;
        lock (_gate)
        {
            if (string.IsNullOrEmpty(callId) || !_calls.TryGetValue(callId, out entry) || entry.Ending)
            {
                throw NoSuchCall(callId);
            }
        }

        try
        {
            await command(_telephony, callId, cancellationToken).ConfigureAwait(false);
        }
        catch (TelephonyException ex)
        {
            throw ex.Code switch
            {
                "no-such-call" => new CallCenterException("no-such-call", ex.Message, ex),
                "invalid-state" => new CallCenterException("invalid-state", ex.Message, ex),
                "bad-target" => new CallCenterException("bad-target", ex.Message, ex),
                "unavailable" => new CallCenterException("unavailable", ex.Message, ex),
                _ => new CallCenterException("telephony", ex.Message, ex),
            };
        }

        lock (_gate)
        {
            return entry.Info;
        }
    }

    private static CallInfo GetEndedOrThrow(string callId) => throw NoSuchCall(callId);

    private static CallCenterException NoSuchCall(string? callId) =>
        new("no-such-call", $"There is no live call '{callId}'.");
}
