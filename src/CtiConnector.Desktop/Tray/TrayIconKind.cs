namespace CtiConnector.Desktop.Tray;

/// <summary>What the tray icon shows, most urgent first: a call, do-not-disturb, a failed line, all registered, idle.</summary>
public enum TrayIconKind
{
    /// <summary>No account registers (none configured, or all unregistered): grey.</summary>
    Idle,

    /// <summary>Every account with a registrar is registered: green.</summary>
    Registered,

    /// <summary>An account is registering: yellow.</summary>
    Registering,

    /// <summary>An account failed to register: red.</summary>
    Failed,

    /// <summary>Do-not-disturb is on: orange.</summary>
    DoNotDisturb,

    /// <summary>A call is live: blue.</summary>
    InCall,
}
