using CtiConnector.Desktop.DBus;

namespace CtiConnector.Desktop.Notifications;

/// <summary>
/// The desktop's notification server (<c>org.freedesktop.Notifications</c> on the session bus: dunst, GNOME Shell,
/// KDE Plasma, xfce4-notifyd...). <see cref="ActionInvoked"/> and <see cref="Closed"/> report the server's signals for
/// notifications this client showed, and only when they come from the server itself.
/// </summary>
public sealed class FreedesktopNotifications : INotificationSurface, IAsyncDisposable
{
    private const string Service = "org.freedesktop.Notifications";
    private const string ObjectPath = "/org/freedesktop/Notifications";

    private readonly DBusConnection _bus;
    private readonly string _applicationName;
    private readonly HashSet<uint> _shown = [];
    private readonly Lock _gate = new();
    private string? _serverName;

    private FreedesktopNotifications(DBusConnection bus, string applicationName)
    {
        _bus = bus;
        _applicationName = applicationName;
        bus.SignalReceived += OnSignal;
    }

    /// <summary>A notification's action was chosen: its id and the action key (<c>default</c> for a click on the body).</summary>
    public event Action<uint, string>? ActionInvoked;

    /// <summary>A notification was closed: its id and the reason (1 expired, 2 dismissed, 3 closed by a call, 4 other).</summary>
    public event Action<uint, uint>? Closed;

    /// <summary>Connects to the session bus at <paramref name="busAddress"/> and subscribes to the server's signals.</summary>
    public static async Task<FreedesktopNotifications> ConnectAsync(string busAddress, string applicationName, CancellationToken cancellationToken)
    {
        var bus = await DBusConnection.ConnectAsync(busAddress, cancellationToken);
        try
        {
            await bus.AddMatchAsync($"type='signal',interface='{Service}',path='{ObjectPath}'", cancellationToken);
            return new FreedesktopNotifications(bus, applicationName);
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's capabilities (e.g. <c>actions</c>, <c>body</c>, <c>persistence</c>).</summary>
    public async Task<IReadOnlyList<string>> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var reply = await _bus.CallAsync(DBusMessage.MethodCall(Service, ObjectPath, Service, "GetCapabilities"), cancellationToken);
        var reader = reply.BodyReader();
        var length = reader.ReadUInt32();
        var end = reader.Position + (int)length;
        var capabilities = new List<string>();
        while (reader.Position < end)
        {
            capabilities.Add(reader.ReadString());
        }

        return capabilities;
    }

    /// <summary>
    /// Shows (or, with <paramref name="replacesId"/>, updates in place) a notification and returns its id.
    /// <c>Notify(app_name s, replaces_id u, app_icon s, summary s, body s, actions as, hints a{sv}, expire_timeout i) → u</c>.
    /// </summary>
    public async Task<uint> NotifyAsync(DesktopNotification notification, uint replacesId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = new DBusWriter();
        body.WriteString(_applicationName);
        body.WriteUInt32(replacesId);
        body.WriteString(notification.Icon ?? string.Empty);
        body.WriteString(notification.Summary);
        body.WriteString(notification.Body);
        var actions = new List<string>();
        foreach (var (key, label) in notification.Actions)
        {
            actions.Add(key);
            actions.Add(label);
        }

        body.WriteStringArray(actions);
        var hints = new Dictionary<string, object>(StringComparer.Ordinal) { ["urgency"] = (byte)notification.Urgency };
        if (notification.Category is { } category)
        {
            hints["category"] = category;
        }

        if (notification.DesktopEntry is { } entry)
        {
            hints["desktop-entry"] = entry;
        }

        if (notification.Resident)
        {
            hints["resident"] = true;
        }

        body.WriteVariantDictionary(hints);
        body.WriteInt32(notification.ExpireTimeoutMilliseconds);
        var reply = await _bus.CallAsync(DBusMessage.MethodCall(Service, ObjectPath, Service, "Notify", "susssasa{sv}i", body), cancellationToken);
        var id = reply.BodyReader().ReadUInt32();
        lock (_gate)
        {
            _shown.Add(id);
        }

        _serverName ??= await GetServerNameAsync(cancellationToken);
        return id;
    }

    /// <summary>Closes a notification (<c>CloseNotification(id u)</c>); closing one already gone is not an error.</summary>
    public async Task CloseAsync(uint id, CancellationToken cancellationToken)
    {
        var body = new DBusWriter();
        body.WriteUInt32(id);
        await _bus.CallAsync(DBusMessage.MethodCall(Service, ObjectPath, Service, "CloseNotification", "u", body), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _bus.SignalReceived -= OnSignal;
        return _bus.DisposeAsync();
    }

    private async Task<string?> GetServerNameAsync(CancellationToken cancellationToken)
    {
        var body = new DBusWriter();
        body.WriteString(Service);
        var reply = await _bus.CallAsync(DBusMessage.MethodCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s", body), cancellationToken);
        return reply.BodyReader().ReadString();
    }

    private void OnSignal(DBusMessage signal)
    {
        if (signal.Interface != Service || signal.Path != ObjectPath || _serverName is null || signal.Sender != _serverName)
        {
            return;
        }

        try
        {
            var reader = signal.BodyReader();
            if (signal.Member == "ActionInvoked" && signal.Signature == "us")
            {
                var id = reader.ReadUInt32();
                var key = reader.ReadString();
                if (IsOurs(id, forget: false))
                {
                    ActionInvoked?.Invoke(id, key);
                }
            }
            else if (signal.Member == "NotificationClosed" && signal.Signature == "uu")
            {
                var id = reader.ReadUInt32();
                var reason = reader.ReadUInt32();
                if (IsOurs(id, forget: true))
                {
                    Closed?.Invoke(id, reason);
                }
            }
        }
        catch (DBusProtocolException)
        {
            // A malformed signal is ignored; the notification stays as it is.
        }
    }

    private bool IsOurs(uint id, bool forget)
    {
        lock (_gate)
        {
            return forget ? _shown.Remove(id) : _shown.Contains(id);
        }
    }
}
