using CtiConnector.Core.Calls;
using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Desktop.Notifications;

namespace CtiConnector.Desktop.Tray;

/// <summary>
/// Keeps the tray in step with the agent: its icon, tooltip and menu follow every event; an incoming call shows a
/// balloon whose click opens the call's popup; menu commands go to <see cref="ITrayActions"/>.
/// </summary>
public sealed class TrayPresenter
{
    private readonly ITraySurface _surface;
    private readonly ITrayActions _actions;
    private readonly Func<AgentStatus> _status;
    private readonly string _language;
    private string? _balloonCall;

    public TrayPresenter(ITraySurface surface, ITrayActions actions, Func<AgentStatus> status, string language)
    {
        ArgumentNullException.ThrowIfNull(surface);
        _surface = surface;
        _actions = actions;
        _status = status;
        _language = language;
        surface.CommandChosen += OnCommand;
        surface.IconClicked += () => _actions.OpenWindow(dialer: false);
        surface.BalloonClicked += OnBalloonClicked;
    }

    /// <summary>The state the tray shows now.</summary>
    public TrayState Current() => TrayState.From(_status(), _language);

    /// <summary>Consumes the event stream until it ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await subscription.ForEachAsync(
            (item, _) =>
            {
                Handle(item);
                return ValueTask.CompletedTask;
            },
            cancellationToken);
    }

    public void Handle(CtiEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item is CallEvent { Type: EventTypes.CallIncoming, Call: { Direction: CallDirection.Inbound } call })
        {
            var text = CallNotificationText.ForIncoming(call, _language);
            _balloonCall = call.Id;
            _surface.ShowBalloon(text.Summary, text.Body);
        }

        _surface.Update(Current());
    }

    private void OnCommand(TrayCommand command)
    {
        switch (command)
        {
            case TrayCommand.OpenWindow:
                _actions.OpenWindow(dialer: false);
                break;
            case TrayCommand.Dial:
                _actions.OpenWindow(dialer: true);
                break;
            case TrayCommand.ToggleDoNotDisturb:
                _actions.SetDoNotDisturb(!_status().DoNotDisturb);
                _surface.Update(Current());
                break;
            case TrayCommand.Quit:
                _actions.Quit();
                break;
        }
    }

    private void OnBalloonClicked()
    {
        if (_balloonCall is { } callId)
        {
            _actions.OpenPopup(callId);
        }
    }
}
