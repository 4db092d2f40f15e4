using CtiConnector.Core.Calls;
using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Desktop.Tray;

namespace CtiConnector.Desktop.Tests.Tray;

public sealed class TrayTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly AccountInfo s_registered = new("a1", "sip:ana@example.com", RegistrationState.Registered, null);
    private static readonly AccountInfo s_failed = new("a2", "sip:desk@pbx.example.com", RegistrationState.Failed, "403 Forbidden");

    [Fact]
    public void TheIconShowsTheMostUrgentThing()
    {
        Assert.Equal(TrayIconKind.Idle, TrayState.From(Status([]), "en").Icon);
        Assert.Equal(TrayIconKind.Registered, TrayState.From(Status([s_registered]), "en").Icon);
        Assert.Equal(TrayIconKind.Failed, TrayState.From(Status([s_registered, s_failed]), "en").Icon);
        Assert.Equal(TrayIconKind.DoNotDisturb, TrayState.From(Status([s_failed], dnd: true), "en").Icon);
        Assert.Equal(TrayIconKind.InCall, TrayState.From(Status([s_failed], dnd: true, calls: [Call("c1")]), "en").Icon);
    }

    [Fact]
    public void AFailedLineNamesTheAccountAndTheReasonInTheTooltip()
    {
        var state = TrayState.From(Status([s_registered, s_failed]), "en");

        Assert.Equal("CTI Connector — Line down: sip:desk@pbx.example.com (403 Forbidden)", state.Tooltip);
    }

    [Fact]
    public void TheTooltipNeverExceedsWhatWindowsKeeps()
    {
        var verbose = new AccountInfo("a3", "sip:" + new string('x', 200) + "@example.com", RegistrationState.Failed, "timeout");

        var state = TrayState.From(Status([verbose]), "en");

        Assert.Equal(TrayState.MaxTooltip, state.Tooltip.Length);
        Assert.EndsWith("…", state.Tooltip, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMenuOffersTheCommandsAccountsAndACheckedDoNotDisturbInFrench()
    {
        var state = TrayState.From(Status([s_registered, s_failed], dnd: true), "fr");

        Assert.Equal(
            ["Ouvrir CTI Connector", "Composer un numéro…", "Ne pas déranger", "-", "sip:ana@example.com: enregistré", "sip:desk@pbx.example.com: échec", "-", "Quitter"],
            state.Menu.Select(m => m.Label));
        Assert.True(state.Menu.Single(m => m.Command == TrayCommand.ToggleDoNotDisturb).Checked);
        Assert.All(state.Menu.Where(m => m.Label.StartsWith("sip:", StringComparison.Ordinal)), m => Assert.Null(m.Command));
    }

    [Fact]
    public void TheIconIsAnOpaqueDiscWithTransparentCornersInTheStatesColour()
    {
        var pixels = TrayIconPixels.Disc(TrayIconKind.Failed, 16);

        Assert.Equal(256, pixels.Length);
        Assert.Equal(0u, pixels[0]);
        Assert.Equal(0u, pixels[255]);
        Assert.Equal(0xFFD62C2Cu, pixels[(8 * 16) + 8]);
        Assert.Contains(pixels, p => p >> 24 is > 0 and < 255);
    }

    [Fact]
    public void TheTrayFollowsEventsAndAnIncomingCallShowsABalloonThatOpensItsPopup()
    {
        var status = Status([s_registered]);
        var surface = new RecordingSurface();
        var actions = new RecordingActions();
        var presenter = new TrayPresenter(surface, actions, () => status, "en");

        status = Status([s_registered], calls: [Call("c7")]);
        presenter.Handle(new CallEvent(EventTypes.CallIncoming, s_at, Call("c7")));
        surface.ClickBalloon();

        Assert.Equal(TrayIconKind.InCall, surface.States[^1].Icon);
        Assert.Equal(("Hervé Lefèvre", "Incoming call\n+33123456789"), surface.Balloons.Single());
        Assert.Equal(["popup c7"], actions.Done);
    }

    [Fact]
    public void MenuCommandsReachTheAgentAndDoNotDisturbToggles()
    {
        var dnd = false;
        var surface = new RecordingSurface();
        var actions = new RecordingActions { OnDoNotDisturb = enabled => dnd = enabled };
        _ = new TrayPresenter(surface, actions, () => Status([s_registered], dnd: dnd), "en");

        surface.Choose(TrayCommand.ToggleDoNotDisturb);
        surface.Choose(TrayCommand.Dial);
        surface.ClickIcon();
        surface.Choose(TrayCommand.ToggleDoNotDisturb);
        surface.Choose(TrayCommand.Quit);

        Assert.Equal(["dnd True", "window dialer", "window", "dnd False", "quit"], actions.Done);
        Assert.Equal(TrayIconKind.DoNotDisturb, surface.States[0].Icon);
        Assert.Equal(TrayIconKind.Registered, surface.States[^1].Icon);
    }

    private static AgentStatus Status(AccountInfo[] accounts, bool dnd = false, CallInfo[]? calls = null) =>
        new("1.0", accounts, calls ?? [], dnd);

    private static CallInfo Call(string id) =>
        new(id, null, CallDirection.Inbound, CallState.Ringing, new RemoteParty("0123456789", "+33123456789", null),
            new ContactRef("42", "Hervé Lefèvre", null, null), s_at, null, null, null);

    private sealed class RecordingSurface : ITraySurface
    {
        public event Action<TrayCommand>? CommandChosen;

        public event Action? IconClicked;

        public event Action? BalloonClicked;

        public List<TrayState> States { get; } = [];

        public List<(string, string)> Balloons { get; } = [];

        public void Update(TrayState state) => States.Add(state);

        public void ShowBalloon(string title, string text) => Balloons.Add((title, text));

        public void Choose(TrayCommand command) => CommandChosen?.Invoke(command);

        public void ClickIcon() => IconClicked?.Invoke();

        public void ClickBalloon() => BalloonClicked?.Invoke();
    }

    private sealed class RecordingActions : ITrayActions
    {
        public List<string> Done { get; } = [];

        public Action<bool>? OnDoNotDisturb { get; init; }

        public void OpenWindow(bool dialer) => Done.Add(dialer ? "window dialer" : "window");

        public void OpenPopup(string callId) => Done.Add("popup " + callId);

        public void SetDoNotDisturb(bool enabled)
        {
            Done.Add("dnd " + enabled);
            OnDoNotDisturb?.Invoke(enabled);
        }

        public void Quit() => Done.Add("quit");
    }
}
