namespace CtiConnector.Desktop.Notifications;

/// <summary>What a notification shows: freedesktop's fields, which other platforms' toasts map onto.</summary>
public sealed record DesktopNotification(string Summary, string Body)
{
    /// <summary>Action keys and their labels, in display order; the key <c>default</c> is a click on the notification.</summary>
    public IReadOnlyList<(string Key, string Label)> Actions { get; init; } = [];

    /// <summary>0 low, 1 normal, 2 critical (critical stays until acted on).</summary>
    public int Urgency { get; init; } = 1;

    /// <summary>Milliseconds before the server hides it; -1 lets the server decide, 0 never.</summary>
    public int ExpireTimeoutMilliseconds { get; init; } = -1;

    public string? Icon { get; init; }

    public string? Category { get; init; }

    /// <summary>The application's <c>.desktop</c> file name without extension (servers use its icon and name).</summary>
    public string? DesktopEntry { get; init; }

    /// <summary>Kept after an action is invoked (the server does not close it by itself).</summary>
    public bool Resident { get; init; }
}
