namespace CtiConnector.Desktop.Tray;

/// <summary>Where the tray is drawn: <see cref="WindowsTray"/> on Windows.</summary>
public interface ITraySurface
{
    event Action<TrayCommand>? CommandChosen;

    event Action? IconClicked;

    event Action? BalloonClicked;

    void Update(TrayState state);

    void ShowBalloon(string title, string text);
}

/// <summary>What the tray's commands do in the agent.</summary>
public interface ITrayActions
{
    /// <summary>Opens the agent's window (its web UI), at the dialer when <paramref name="dialer"/>.</summary>
    void OpenWindow(bool dialer);

    void OpenPopup(string callId);

    void SetDoNotDisturb(bool enabled);

    void Quit();
}
