using CtiConnector.Desktop.DBus;
using CtiConnector.Desktop.Notifications;
using CtiConnector.Desktop.Tests.Support;

namespace CtiConnector.Desktop.Tests.Notifications;

/// <summary>
/// Our D-Bus client against a real bus (<c>dbus-daemon</c>) and a real notification server (<c>dunst</c> on Xvfb).
/// Verifies what dunst shows, that its actions and closings come back as signals, and that errors are reported.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FreedesktopNotificationsTests
{
    [Fact]
    public async Task DunstShowsTheNotificationAndAdvertisesActions()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        await using var notifications = await FreedesktopNotifications.ConnectAsync(desktop.BusAddress, "CTI Connector", CancellationToken.None);

        var capabilities = await notifications.GetCapabilitiesAsync(CancellationToken.None);
        var id = await notifications.NotifyAsync(
            new DesktopNotification("Hervé Lefèvre", "Incoming call\n+33123456789") { Actions = [("answer", "Answer")], Urgency = 2, ExpireTimeoutMilliseconds = 0 },
            0,
            CancellationToken.None);

        Assert.Contains("actions", capabilities);
        var shown = await desktop.WaitForShownAsync(n => n.Id == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Hervé Lefèvre", shown.Summary);
        Assert.Equal("Incoming call\n+33123456789", shown.Body);
        Assert.Equal("CRITICAL", shown.Urgency);
        Assert.Equal(1, await desktop.DisplayedCountAsync());
    }

    [Fact]
    public async Task AnActionChosenInDunstComesBackWithItsKey()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        await using var notifications = await FreedesktopNotifications.ConnectAsync(desktop.BusAddress, "CTI Connector", CancellationToken.None);
        var invoked = new TaskCompletionSource<(uint, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        notifications.ActionInvoked += (id, key) => invoked.TrySetResult((id, key));
        var id = await notifications.NotifyAsync(
            new DesktopNotification("Hervé Lefèvre", "Incoming call") { Actions = [("answer", "Answer"), ("decline", "Decline")], ExpireTimeoutMilliseconds = 0 },
            0,
            CancellationToken.None);
        await desktop.WaitForShownAsync(n => n.Summary == "Hervé Lefèvre");

        await desktop.ChooseActionAsync("Decline");
        await desktop.OpenContextMenuAsync();

        Assert.Equal((id, "decline"), await invoked.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task ClosingANotificationRemovesItAndReportsTheReason()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        await using var notifications = await FreedesktopNotifications.ConnectAsync(desktop.BusAddress, "CTI Connector", CancellationToken.None);
        var closed = new TaskCompletionSource<(uint, uint)>(TaskCreationOptions.RunContinuationsAsynchronously);
        notifications.Closed += (id, reason) => closed.TrySetResult((id, reason));
        var id = await notifications.NotifyAsync(new DesktopNotification("Call", "Incoming call") { ExpireTimeoutMilliseconds = 0 }, 0, CancellationToken.None);
        await desktop.WaitForShownAsync(n => n.Summary == "Call");

        await notifications.CloseAsync(id, CancellationToken.None);

        Assert.Equal((id, 3u), await closed.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await desktop.DisplayedCountAsync());
    }

    [Fact]
    public async Task ReplacingANotificationKeepsItsId()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        await using var notifications = await FreedesktopNotifications.ConnectAsync(desktop.BusAddress, "CTI Connector", CancellationToken.None);
        var first = await notifications.NotifyAsync(new DesktopNotification("+33123456789", "Incoming call") { ExpireTimeoutMilliseconds = 0 }, 0, CancellationToken.None);

        var second = await notifications.NotifyAsync(new DesktopNotification("Hervé Lefèvre", "Incoming call") { ExpireTimeoutMilliseconds = 0 }, first, CancellationToken.None);

        Assert.Equal(first, second);
        await desktop.WaitForShownAsync(n => n.Summary == "Hervé Lefèvre");
        Assert.Equal(1, await desktop.DisplayedCountAsync());
    }

    [Fact]
    public async Task ABusWithoutANotificationServerAnswersWithANamedError()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        await using var bus = await DBusConnection.ConnectAsync(desktop.BusAddress, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DBusErrorException>(() => bus.CallAsync(
            DBusMessage.MethodCall("org.example.Nobody", "/org/example/Nobody", "org.example.Nobody", "Ping"), CancellationToken.None));

        Assert.StartsWith(":1.", bus.UniqueName, StringComparison.Ordinal);
        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", error.Name);
    }

    [Fact]
    public async Task ASocketThatIsNotABusIsAClearError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "cti-no-bus-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<DBusProtocolException>(() => DBusConnection.ConnectAsync("unix:path=" + missing, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
