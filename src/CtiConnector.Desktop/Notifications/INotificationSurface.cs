namespace CtiConnector.Desktop.Notifications;

/// <summary>Where notifications are shown: the freedesktop server on Linux (<see cref="FreedesktopNotifications"/>).</summary>
public interface INotificationSurface
{
    /// <summary>An action was chosen on a shown notification: its id and the action key.</summary>
    event Action<uint, string>? ActionInvoked;

    /// <summary>Shows, or replaces in place when <paramref name="replacesId"/> is not 0; returns the notification's id.</summary>
    Task<uint> NotifyAsync(DesktopNotification notification, uint replacesId, CancellationToken cancellationToken);

    Task CloseAsync(uint id, CancellationToken cancellationToken);
}
