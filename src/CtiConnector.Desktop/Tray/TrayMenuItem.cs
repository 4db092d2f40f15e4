namespace CtiConnector.Desktop.Tray;

/// <summary>One line of the tray menu: a command (<see cref="Command"/> non-null), or a disabled information line.</summary>
public sealed record TrayMenuItem(string Label, TrayCommand? Command, bool Checked = false)
{
    /// <summary>A separator line.</summary>
    public static TrayMenuItem Separator { get; } = new("-", null);

    public bool IsSeparator => ReferenceEquals(this, Separator);
}

/// <summary>What a tray menu line does.</summary>
public enum TrayCommand
{
    OpenWindow,
    Dial,
    ToggleDoNotDisturb,
    Quit,
}
