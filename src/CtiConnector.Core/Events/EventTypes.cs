namespace CtiConnector.Core.Events;

/// <summary>The event type names of the public API (PRODUCT.md).</summary>
public static class EventTypes
{
    public const string Snapshot = "snapshot";
    public const string RegistrationChanged = "registration.changed";
    public const string CallIncoming = "call.incoming";
    public const string CallOutgoing = "call.outgoing";
    public const string CallRinging = "call.ringing";
    public const string CallAnswered = "call.answered";
    public const string CallHeld = "call.held";
    public const string CallResumed = "call.resumed";
    public const string CallDtmf = "call.dtmf";
    public const string CallTransferred = "call.transferred";
    public const string CallUpdated = "call.updated";
    public const string CallEnded = "call.ended";
    public const string SubscriptionDropped = "subscription.dropped";

    /// <summary>A web origin waits for the user to approve its pairing (not part of a CRM's stream).</summary>
    public const string PairingRequested = "pairing.requested";
    public const string DoNotDisturbChanged = "dnd.changed";
}
