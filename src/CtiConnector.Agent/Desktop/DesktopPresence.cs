using CtiConnector.Core.Calls;
using CtiConnector.Desktop.DBus;
using CtiConnector.Desktop.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Desktop;

/// <summary>
/// The agent on the user's desktop: incoming-call notifications with Answer / Decline / Open in CRM through the
/// freedesktop notification server (Linux). Configuration: <c>Desktop:Notifications</c> (<c>auto</c>, the default: on
/// when a session bus is found; <c>true</c>; <c>false</c>), <c>Desktop:Bus</c> (a bus address instead of the session's),
/// <c>Desktop:PopupCommand</c> (how a click opens the agent's popup, e.g. <c>chromium --app={url}</c>; default: the
/// desktop's browser). Nothing here can stop the agent: a missing bus or server is a warning.
/// </summary>
internal sealed partial class DesktopPresence : IAsyncDisposable
{
    private readonly FreedesktopNotifications _notifications;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _loop;

    private DesktopPresence(FreedesktopNotifications notifications, CancellationTokenSource stopping, Task loop)
    {
        _notifications = notifications;
        _stopping = stopping;
        _loop = loop;
    }

    /// <summary>Starts what the configuration and the platform allow; null when nothing applies or could start.</summary>
    public static async Task<DesktopPresence?> StartAsync(
        IConfiguration configuration, CallCenter center, Func<string, Uri> popupUrl, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<DesktopPresence>();
        var mode = configuration["Desktop:Notifications"]?.Trim().ToLowerInvariant() ?? "auto";
        if (mode is not ("auto" or "true" or "false"))
        {
            LogBadSetting(logger, mode);
            mode = "auto";
        }

        if (mode == "false" || OperatingSystem.IsWindows())
        {
            return null;
        }

        var address = configuration["Desktop:Bus"] is { Length: > 0 } configured ? configured : DBusAddress.Session();
        if (address is null)
        {
            if (mode == "true")
            {
                LogNoBus(logger);
            }

            return null;
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
            return null;
        }

        var opener = new DesktopOpener(configuration["Desktop:PopupCommand"]);
        var actions = new AgentCallActions(center, opener, popupUrl);
        var notifier = new CallNotifier(notifications, actions, CallNotificationText.LanguageFromEnvironment(Environment.GetEnvironmentVariable), loggerFactory.CreateLogger<CallNotifier>());
        var subscription = center.Subscribe();
        var stopping = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            using (subscription)
            {
                await notifier.RunAsync(subscription, stopping.Token);
            }
        }, CancellationToken.None);
        LogStarted(logger, address);
        return new DesktopPresence(notifications, stopping, loop);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        await _notifications.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed class AgentCallActions(CallCenter center, DesktopOpener opener, Func<string, Uri> popupUrl) : ICallActions
    {
        public Task AnswerAsync(string callId, CancellationToken cancellationToken) => center.AnswerAsync(callId, cancellationToken);

        public Task DeclineAsync(string callId, CancellationToken cancellationToken) => center.HangupAsync(callId, cancellationToken);

        public Task OpenPopupAsync(string callId, CancellationToken cancellationToken)
        {
            opener.Open(popupUrl(callId));
            return Task.CompletedTask;
        }

        public Task OpenUrlAsync(Uri url, CancellationToken cancellationToken)
        {
            new DesktopOpener(null).Open(url);
            return Task.CompletedTask;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Desktop notifications on the bus {Address}")]
    private static partial void LogStarted(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desktop:Notifications must be auto, true or false, not '{Value}'; using auto")]
    private static partial void LogBadSetting(ILogger logger, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desktop:Notifications is true but no session bus was found (DBUS_SESSION_BUS_ADDRESS is not set); set Desktop:Bus")]
    private static partial void LogNoBus(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desktop notifications are off: the bus {Address} cannot be used ({Reason})")]
    private static partial void LogBusFailed(ILogger logger, string address, string reason);
}
