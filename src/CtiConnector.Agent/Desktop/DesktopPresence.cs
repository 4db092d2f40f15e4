using CtiConnector.Core.Calls;
using CtiConnector.Desktop.DBus;
using CtiConnector.Desktop.Notifications;
using CtiConnector.Desktop.Tray;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Desktop;

/// <summary>
/// The agent on the user's desktop. Linux: incoming-call notifications with Answer / Decline / Open in CRM through the
/// freedesktop notification server. Windows: the tray icon (line state, menu, do-not-disturb, a balloon on incoming
/// calls). Configuration: <c>Desktop:Notifications</c> (<c>auto</c>, the default: on when a session bus is found;
/// <c>true</c>; <c>false</c>), <c>Desktop:Bus</c> (a bus address instead of the session's), <c>Desktop:Tray</c>
/// (<c>false</c> hides the Windows tray icon), <c>Desktop:PopupCommand</c> (how the agent's popup is opened, e.g.
/// <c>chromium --app={url}</c>; default: the desktop's browser), <c>Desktop:PopupOnIncoming</c> (<c>true</c> opens
/// that popup by itself when a call comes in, for users without a CRM integration). Nothing here can stop the agent:
/// a missing bus, server or shell is a warning.
/// </summary>
internal sealed partial class DesktopPresence : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();

    private DesktopPresence()
    {
    }

    /// <summary>Where the agent's pages are: the window (optionally at the dialer) and a call's popup.</summary>
    public sealed record Pages(Func<bool, Uri> Window, Func<string, Uri> Popup);

    /// <summary>Starts what the configuration and the platform allow.</summary>
    public static async Task<DesktopPresence> StartAsync(
        IConfiguration configuration, CallCenter center, Pages pages, Action quit, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var presence = new DesktopPresence();
        var logger = loggerFactory.CreateLogger<DesktopPresence>();
        var language = CallNotificationText.LanguageFromEnvironment(Environment.GetEnvironmentVariable);
        var opener = new DesktopOpener(configuration["Desktop:PopupCommand"]);
        if (string.Equals(configuration["Desktop:PopupOnIncoming"], "true", StringComparison.OrdinalIgnoreCase))
        {
            presence.Follow(center, (subscription, token) => OpenPopupsAsync(subscription, opener, pages, logger, token));
        }

        if (OperatingSystem.IsWindows())
        {
            if (!string.Equals(configuration["Desktop:Tray"], "false", StringComparison.OrdinalIgnoreCase))
            {
                await presence.StartTrayAsync(center, pages, opener, quit, language, logger);
            }

            return presence;
        }

        var mode = configuration["Desktop:Notifications"]?.Trim().ToLowerInvariant() ?? "auto";
        if (mode is not ("auto" or "true" or "false"))
        {
            LogBadSetting(logger, mode);
            mode = "auto";
        }

        if (mode == "false")
        {
            return presence;
        }

        var address = configuration["Desktop:Bus"] is { Length: > 0 } configured ? configured : DBusAddress.Session();
        if (address is null)
        {
            if (mode == "true")
            {
                LogNoBus(logger);
            }

            return presence;
        }

        FreedesktopNotifications notifications;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            notifications = await FreedesktopNotifications.ConnectAsync(address, "CTI Connector", timeout.Token);
        }
        catch (Exception ex) when (ex is DBusProtocolException or DBusErrorException or OperationCanceledException or IOException)
        {
            LogBusFailed(logger, address, ex.Message);
            return presence;
        }

        presence._parts.Add(notifications);
        var notifier = new CallNotifier(notifications, new NotificationActions(center, opener, pages), language, loggerFactory.CreateLogger<CallNotifier>());
        presence.Follow(center, (subscription, token) => notifier.RunAsync(subscription, token));
        LogNotifications(logger, address);
        return presence;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops);
        foreach (var part in _parts)
        {
            await part.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private static Task OpenPopupsAsync(
        Core.Events.EventSubscription subscription, DesktopOpener opener, Pages pages, ILogger logger, CancellationToken cancellationToken) =>
        subscription.ForEachAsync(
            (item, _) =>
            {
                if (item is Core.Events.CallEvent { Type: Core.Events.EventTypes.CallIncoming, Call: { Direction: Core.Model.CallDirection.Inbound } call })
                {
                    var url = pages.Popup(call.Id);
                    try
                    {
                        opener.Open(url);
                    }
                    catch (InvalidOperationException ex)
                    {
                        LogOpenFailed(logger, url.ToString(), ex.Message);
                    }
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);

    private void Follow(CallCenter center, Func<Core.Events.EventSubscription, CancellationToken, Task> consume)
    {
        var subscription = center.Subscribe();
        _loops.Add(Task.Run(async () =>
        {
            using (subscription)
            {
                await consume(subscription, _stopping.Token);
            }
        }, CancellationToken.None));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private async Task StartTrayAsync(CallCenter center, Pages pages, DesktopOpener opener, Action quit, string language, ILogger logger)
    {
        var actions = new TrayActions(center, opener, pages, quit, logger);
        WindowsTray tray;
        try
        {
            tray = await WindowsTray.StartAsync(TrayState.From(center.GetStatus(), language));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or DllNotFoundException or EntryPointNotFoundException)
        {
            LogTrayFailed(logger, ex.Message);
            return;
        }

        _parts.Add(new DisposeAction(tray.Dispose));
        var presenter = new TrayPresenter(tray, actions, center.GetStatus, language);
        Follow(center, presenter.RunAsync);
    }

    private sealed class DisposeAction(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NotificationActions(CallCenter center, DesktopOpener opener, Pages pages) : ICallActions
    {
        public Task AnswerAsync(string callId, CancellationToken cancellationToken) => center.AnswerAsync(callId, cancellationToken);

        public Task DeclineAsync(string callId, CancellationToken cancellationToken) => center.HangupAsync(callId, cancellationToken);

        public Task OpenPopupAsync(string callId, CancellationToken cancellationToken)
        {
            opener.Open(pages.Popup(callId));
            return Task.CompletedTask;
        }

        public Task OpenUrlAsync(Uri url, CancellationToken cancellationToken)
        {
            new DesktopOpener(null).Open(url);
            return Task.CompletedTask;
        }
    }

    private sealed class TrayActions(CallCenter center, DesktopOpener opener, Pages pages, Action quit, ILogger logger) : ITrayActions
    {
        public void OpenWindow(bool dialer) => Open(pages.Window(dialer));

        public void OpenPopup(string callId) => Open(pages.Popup(callId));

        public void SetDoNotDisturb(bool enabled) => center.SetDoNotDisturb(enabled);

        public void Quit() => quit();

        private void Open(Uri url)
        {
            try
            {
                opener.Open(url);
            }
            catch (InvalidOperationException ex)
            {
                LogOpenFailed(logger, url.ToString(), ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Desktop notifications on the bus {Address}")]
    private static partial void LogNotifications(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desktop:Notifications must be auto, true or false, not '{Value}'; using auto")]
    private static partial void LogBadSetting(ILogger logger, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desktop:Notifications is true but no session bus was found (DBUS_SESSION_BUS_ADDRESS is not set); set Desktop:Bus")]
    private static partial void LogNoBus(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desktop notifications are off: the bus {Address} cannot be used ({Reason})")]
    private static partial void LogBusFailed(ILogger logger, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tray icon is off: {Reason}")]
    private static partial void LogTrayFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Url} could not be opened: {Reason}")]
    private static partial void LogOpenFailed(ILogger logger, string url, string reason);
}
