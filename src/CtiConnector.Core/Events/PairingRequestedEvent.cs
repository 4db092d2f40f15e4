namespace CtiConnector.Core.Events;

/// <summary>
/// A web origin asked to pair and waits for the user's approval (<c>POST /v1/pair</c> answered 202). Only the user's own
/// doors (their token, the web UI session, the pipe) receive it; a paired CRM's stream does not.
/// </summary>
/// <param name="Origin">The normalised origin, e.g. <c>https://crm.example.com</c>.</param>
/// <param name="Name">The name the page gave, or null.</param>
public sealed record PairingRequestedEvent(DateTimeOffset At, string Origin, string? Name) : CtiEvent(EventTypes.PairingRequested, At);
