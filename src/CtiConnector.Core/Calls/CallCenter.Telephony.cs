using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;

namespace CtiConnector.Core.Calls;

public sealed partial class CallCenter
{
    /// <summary>The telephony listener: runs on the telephony layer's threads, never blocks.</summary>
    private void OnTelephonyEvent(TelephonyEvent telephonyEvent)
    {
        try
        {
            switch (telephonyEvent)
            {
                case RegistrationChanged registration:
                    lock (_gate)
                    {
                        _hub.Publish(new RegistrationChangedEvent(registration.At, registration.Account));
                    }

                    LogRegistration(registration.Account.Id, registration.Account.State, registration.Account.Reason);
                    break;
                case CallStarted started:
                    OnCallStarted(started);
                    break;
                default:
                    OnCallEvent(telephonyEvent);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogEventFailed(telephonyEvent.GetType().Name, ex);
        }
    }

    private void OnCallStarted(CallStarted started)
    {
        CallEntry entry;
        lock (_gate)
        {
            if (_calls.TryGetValue(started.CallId, out var known))
            {
                // Our own outgoing call, created by DialAsync: the telephony layer confirms it.
                if (started.RemoteDisplayName is not null && known.Info.Remote.DisplayName is null)
                {
                    known.Info = known.Info with { Remote = known.Info.Remote with { DisplayName = started.RemoteDisplayName } };
                }

                return;
            }

            var number = Normalize(started.RemoteNumber);
            var remote = new RemoteParty(started.RemoteNumber, number.E164, started.RemoteDisplayName);
            var state = started.Direction == CallDirection.Inbound ? CallState.Ringing : CallState.Dialing;
            var info = new CallInfo(started.CallId, started.AccountId, started.Direction, state, remote, null, started.At, null, null, null, Waiting: started.Waiting);
            entry = new CallEntry(info, number.MatchKey);
            _calls.Add(info.Id, entry);
            _writer.Begin(ToRecord(info));
        }

        LogCallStarted(started.CallId, started.Direction, started.RemoteNumber);
        _ = AnnounceAsync(entry, null);
    }

    /// <summary>Resolves the contact within the budget, then publishes the call's first event and what queued behind it.</summary>
    private async Task AnnounceAsync(CallEntry entry, string? contactId)
    {
        ContactRef? contact = null;
        var callId = entry.Info.Id;
        try
        {
            contact = await _resolver.ResolveAsync(entry.Info.Remote, entry.MatchKey, contactId, late => OnLateContact(callId, late), _stopping.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogEventFailed("contact lookup", ex);
        }

        lock (_gate)
        {
            if (contact is not null)
            {
                entry.Info = entry.Info with { Contact = contact };
                _writer.Update(ToRecord(entry.Info));
            }

            var type = entry.Info.Direction == CallDirection.Inbound ? EventTypes.CallIncoming : EventTypes.CallOutgoing;
            _hub.Publish(new CallEvent(type, _time.GetUtcNow(), entry.Info));
            var deferred = entry.Deferred ?? [];
            entry.Deferred = null;
            foreach (var queued in deferred)
            {
                Apply(entry, queued);
            }
        }
    }

    private void OnLateContact(string callId, ContactRef contact)
    {
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var entry) || entry.Ending || entry.Info.Contact is not null)
            {
                return;
            }

            entry.Info = entry.Info with { Contact = contact };
            _writer.Update(ToRecord(entry.Info));
            if (entry.Deferred is null)
            {
                _hub.Publish(new CallEvent(EventTypes.CallUpdated, _time.GetUtcNow(), entry.Info) { Reason = "contact found" });
            }
        }
    }

    private void OnCallEvent(TelephonyEvent telephonyEvent)
    {
        var callId = CallIdOf(telephonyEvent);
        lock (_gate)
        {
            if (callId is null || !_calls.TryGetValue(callId, out var entry))
            {
                LogUnknownCall(telephonyEvent.GetType().Name, callId);
                return;
            }

            if (entry.Deferred is not null)
            {
                entry.Deferred.Add(telephonyEvent);
                return;
            }

            Apply(entry, telephonyEvent);
        }
    }

    /// <summary>Applies a call event to the table and publishes it. Caller holds <see cref="_gate"/>.</summary>
    private void Apply(CallEntry entry, TelephonyEvent telephonyEvent)
    {
        if (entry.Ending)
        {
            return;
        }

        var info = entry.Info;
        switch (telephonyEvent)
        {
            case CallRinging ringing:
                if (info.State == CallState.Dialing)
                {
                    entry.Info = info with { State = CallState.Ringing };
                }

                if (ringing.Waiting is { } waiting)
                {
                    entry.Info = entry.Info with { Waiting = waiting };
                }

                _hub.Publish(new CallEvent(EventTypes.CallRinging, ringing.At, entry.Info));
                break;
            case CallAnswered answered:
                entry.Info = info with { State = CallState.Active, AnsweredAt = info.AnsweredAt ?? answered.At, Waiting = false, Encrypted = answered.Encrypted };
                _writer.Update(ToRecord(entry.Info));
                _hub.Publish(new CallEvent(EventTypes.CallAnswered, answered.At, entry.Info));
                break;
            case CallHeld held:
                entry.Info = info with { State = CallState.Held };
                _hub.Publish(new CallEvent(EventTypes.CallHeld, held.At, entry.Info) { Reason = held.ByRemote ? "held by remote" : "held" });
                break;
            case CallResumed resumed:
                entry.Info = info with { State = CallState.Active };
                _hub.Publish(new CallEvent(EventTypes.CallResumed, resumed.At, entry.Info));
                break;
            case CallDtmf dtmf:
                _hub.Publish(new CallEvent(EventTypes.CallDtmf, dtmf.At, info) { Digits = dtmf.Digit.ToString() });
                break;
            case CallTransferred transferred:
                _hub.Publish(new CallEvent(EventTypes.CallTransferred, transferred.At, info) { Target = transferred.Target });
                break;
            case CallEnded ended:
                End(entry, ended);
                break;
        }
    }

    /// <summary>Finalises a call: the history record first, then <c>call.ended</c> with its id. Caller holds <see cref="_gate"/>.</summary>
    private void End(CallEntry entry, CallEnded ended)
    {
        entry.Ending = true;
        var info = entry.Info with { State = CallState.Ended, EndedAt = ended.At, Disposition = ended.Disposition, Waiting = false };
        entry.Info = info;
        LogCallEnded(info.Id, ended.Disposition, ended.Reason);
        _writer.End(ToRecord(info), historyId =>
        {
            lock (_gate)
            {
                _calls.Remove(info.Id);
                _hub.Publish(new CallEvent(EventTypes.CallEnded, ended.At, info)
                {
                    DurationSeconds = DurationOf(info),
                    HistoryId = historyId,
                    Reason = ended.Reason,
                });
                if (_calls.Count == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        });
    }

    private static string? CallIdOf(TelephonyEvent telephonyEvent) => telephonyEvent switch
    {
        CallRinging e => e.CallId,
        CallAnswered e => e.CallId,
        CallHeld e => e.CallId,
        CallResumed e => e.CallId,
        CallDtmf e => e.CallId,
        CallTransferred e => e.CallId,
        CallEnded e => e.CallId,
        _ => null,
    };
}
