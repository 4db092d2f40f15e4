using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Desktop.Notifications;

/// <summary>
/// Shows a notification while an incoming call rings: shown on <c>call.incoming</c>, updated in place when the contact
/// arrives late (<c>call.updated</c>), closed once the call is answered or ends. Its actions drive
/// <see cref="ICallActions"/>; <c>language</c> is <c>fr</c> or <c>en</c> (<see cref="CallNotificationText.LanguageFromEnvironment"/>). Reads the command layer's event stream like any other door.
/// </summary>
public sealed partial class CallNotifier
{
    private readonly INotificationSurface _surface;
    private readonly ICallActions _actions;
    private readonly string _language;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (uint Id, CallInfo Call)> _byCall = new(StringComparer.Ordinal);

    public CallNotifier(INotificationSurface surface, ICallActions actions, string language, ILogger<CallNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(surface);
        _surface = surface;
        _actions = actions;
        _language = language;
        _logger = logger;
        surface.ActionInvoked += OnAction;
    }

    /// <summary>Calls whose notification is showing.</summary>
    public IReadOnlyCollection<string> Showing
    {
        get
        {
            lock (_gate)
            {
                return [.. _byCall.Keys];
            }
        }
    }

    /// <summary>Consumes <paramref name="subscription"/> until it ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await subscription.ForEachAsync((item, token) => new ValueTask(HandleAsync(item, token)), cancellationToken);
    }

    /// <summary>Applies one event (the notification server failing is logged, never thrown into the event loop).</summary>
    public async Task HandleAsync(CtiEvent item, CancellationToken cancellationToken)
    {
        if (item is not CallEvent { Call: var call } callEvent)
        {
            return;
        }

        try
        {
            switch (callEvent.Type)
            {
                case EventTypes.CallIncoming when call.Direction == CallDirection.Inbound && call.State == CallState.Ringing:
                    await ShowAsync(call, replace: false, cancellationToken);
                    break;
                case EventTypes.CallUpdated when call.State == CallState.Ringing:
                    await ShowAsync(call, replace: true, cancellationToken);
                    break;
                case EventTypes.CallAnswered or EventTypes.CallEnded:
                    await CloseAsync(call.Id, cancellationToken);
                    break;
                default:
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSurfaceFailed(_logger, call.Id, ex.Message);
        }
    }

    private async Task ShowAsync(CallInfo call, bool replace, CancellationToken cancellationToken)
    {
        uint replaces;
        lock (_gate)
        {
            if (_byCall.TryGetValue(call.Id, out var shown))
            {
                if (!replace || Equals(shown.Call.Contact, call.Contact) && Equals(shown.Call.Remote, call.Remote))
                {
                    return;
                }

                replaces = shown.Id;
            }
            else if (replace)
            {
                return;
            }
            else
            {
                replaces = 0;
            }
        }

        var id = await _surface.NotifyAsync(CallNotificationText.ForIncoming(call, _language), replaces, cancellationToken);
        lock (_gate)
        {
            _byCall[call.Id] = (id, call);
        }

        LogShown(_logger, call.Id, id);
    }

    private async Task CloseAsync(string callId, CancellationToken cancellationToken)
    {
        uint id;
        lock (_gate)
        {
            if (!_byCall.Remove(callId, out var shown))
            {
                return;
            }

            id = shown.Id;
        }

        await _surface.CloseAsync(id, cancellationToken);
    }

    private void OnAction(uint id, string key)
    {
        CallInfo? call = null;
        lock (_gate)
        {
            foreach (var (_, shown) in _byCall)
            {
                if (shown.Id == id)
                {
                    call = shown.Call;
                }
            }
        }

        if (call is null)
        {
            return;
        }

        LogAction(_logger, key, call.Id);
        _ = RunActionAsync(call, key);
    }

    private async Task RunActionAsync(CallInfo call, string key)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            switch (key)
            {
                case CallNotificationText.AnswerKey:
                    await _actions.AnswerAsync(call.Id, timeout.Token);
                    break;
                case CallNotificationText.DeclineKey:
                    await _actions.DeclineAsync(call.Id, timeout.Token);
                    break;
                case CallNotificationText.OpenCrmKey when Uri.TryCreate(call.Contact?.CrmUrl, UriKind.Absolute, out var url):
                    await _actions.OpenUrlAsync(url, timeout.Token);
                    break;
                case CallNotificationText.OpenKey:
                    await _actions.OpenPopupAsync(call.Id, timeout.Token);
                    break;
                default:
                    break;
            }
        }
        catch (Exception ex)
        {
            LogActionFailed(_logger, key, call.Id, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {CallId}: notification {NotificationId} shown")]
    private static partial void LogShown(ILogger logger, string callId, uint notificationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification action {Action} on call {CallId}")]
    private static partial void LogAction(ILogger logger, string action, string callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification action {Action} on call {CallId} failed: {Reason}")]
    private static partial void LogActionFailed(ILogger logger, string action, string callId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The desktop notification for call {CallId} could not be updated: {Reason}")]
    private static partial void LogSurfaceFailed(ILogger logger, string callId, string reason);
}
