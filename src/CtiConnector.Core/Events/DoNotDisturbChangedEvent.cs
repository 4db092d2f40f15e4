namespace CtiConnector.Core.Events;

/// <summary>Do-not-disturb was turned on or off (from the API, the pipe, the UI or the tray).</summary>
public sealed record DoNotDisturbChangedEvent(DateTimeOffset At, bool Enabled) : CtiEvent(EventTypes.DoNotDisturbChanged, At);
