using System.Text.Json;
using CtiConnector.Core.Events;

namespace CtiConnector.Api.Json;

/// <summary>Turns a <see cref="CtiEvent"/> into its JSON wire form (one object, no newline).</summary>
public static class EventJson
{
    public static byte[] Serialize(CtiEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var context = ApiJsonContext.Default;
        return evt switch
        {
            SnapshotEvent s => JsonSerializer.SerializeToUtf8Bytes(
                new SnapshotEventBody(s.Type, s.At, s.Status.Version, s.Status.Accounts, s.Status.Calls, s.Status.DoNotDisturb),
                context.SnapshotEventBody),
            RegistrationChangedEvent r => JsonSerializer.SerializeToUtf8Bytes(
                new RegistrationEventBody(r.Type, r.At, r.Account), context.RegistrationEventBody),
            CallEvent c => JsonSerializer.SerializeToUtf8Bytes(
                new CallEventBody(c.Type, c.At, c.Call.Id, c.Call.Direction, c.Call.State, c.Call.Remote, c.Call.Contact, c.Call)
                {
                    Disposition = c.Call.Disposition,
                    DurationSeconds = c.DurationSeconds,
                    HistoryId = c.HistoryId,
                    Digits = c.Digits,
                    Target = c.Target,
                    Reason = c.Reason,
                },
                context.CallEventBody),
            PairingRequestedEvent p => JsonSerializer.SerializeToUtf8Bytes(
                new PairingEventBody(p.Type, p.At, p.Origin, p.Name), context.PairingEventBody),
            DoNotDisturbChangedEvent n => JsonSerializer.SerializeToUtf8Bytes(
                new DoNotDisturbEventBody(n.Type, n.At, n.Enabled), context.DoNotDisturbEventBody),
            SubscriptionDroppedEvent d => JsonSerializer.SerializeToUtf8Bytes(
                new DroppedEventBody(d.Type, d.At, d.Reason), context.DroppedEventBody),
            _ => JsonSerializer.SerializeToUtf8Bytes(
                new DroppedEventBody(evt.Type, evt.At, "unknown event"), context.DroppedEventBody),
        };
    }
}
