using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Desktop.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Desktop.Tests.Notifications;

public sealed class CallNotifierTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly RecordingSurface _surface = new();
    private readonly RecordingActions _actions = new();

    [Fact]
    public async Task AnIncomingCallIsShownWithTheContactAndItsActions()
    {
        var notifier = Create("en");

        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", Contact())), CancellationToken.None);

        var shown = Assert.Single(_surface.Shown);
        Assert.Equal("Hervé Lefèvre", shown.Notification.Summary);
        Assert.Equal("Incoming call\nLefèvre & Fils\n+33123456789", shown.Notification.Body);
        Assert.Equal(["answer", "decline", "open-crm", "default"], shown.Notification.Actions.Select(a => a.Key));
        Assert.Equal(["Answer", "Decline", "Open in CRM", "Open"], shown.Notification.Actions.Select(a => a.Label));
        Assert.Equal(2, shown.Notification.Urgency);
        Assert.Equal(0u, shown.ReplacesId);
    }

    [Fact]
    public async Task FrenchUsersReadFrenchWordsAndAnUnknownCallerShowsTheNumber()
    {
        var notifier = Create("fr");

        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", contact: null)), CancellationToken.None);

        var shown = Assert.Single(_surface.Shown).Notification;
        Assert.Equal("+33123456789", shown.Summary);
        Assert.Equal("Appel entrant", shown.Body);
        Assert.Equal(["Répondre", "Refuser", "Ouvrir"], shown.Actions.Select(a => a.Label));
    }

    [Fact]
    public async Task ACallWaitingBehindAConversationSaysThatAnsweringHoldsTheCurrentCall()
    {
        var notifier = Create("en");

        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c2", contact: null) with { Waiting = true }), CancellationToken.None);

        var shown = Assert.Single(_surface.Shown).Notification;
        Assert.Equal("Call waiting (answering holds your current call)", shown.Body);
        Assert.Equal(["answer", "decline", "default"], shown.Actions.Select(a => a.Key));
    }

    [Fact]
    public async Task AContactFoundLateReplacesTheNotificationInPlace()
    {
        var notifier = Create();
        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", contact: null)), CancellationToken.None);

        await notifier.HandleAsync(Event(EventTypes.CallUpdated, Ringing("c1", Contact())), CancellationToken.None);
        await notifier.HandleAsync(Event(EventTypes.CallUpdated, Ringing("c1", Contact())), CancellationToken.None);

        Assert.Equal(2, _surface.Shown.Count);
        Assert.Equal(_surface.Shown[0].Id, _surface.Shown[1].ReplacesId);
        Assert.Equal("Hervé Lefèvre", _surface.Shown[1].Notification.Summary);
    }

    [Fact]
    public async Task TheNotificationClosesWhenTheCallIsAnsweredOrEnds()
    {
        var notifier = Create();
        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", Contact())), CancellationToken.None);
        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c2", Contact())), CancellationToken.None);

        await notifier.HandleAsync(Event(EventTypes.CallAnswered, Ringing("c1", Contact()) with { State = CallState.Active }), CancellationToken.None);
        await notifier.HandleAsync(Event(EventTypes.CallEnded, Ringing("c2", Contact()) with { State = CallState.Ended }), CancellationToken.None);

        Assert.Equal([_surface.Shown[0].Id, _surface.Shown[1].Id], _surface.Closed);
        Assert.Empty(notifier.Showing);
    }

    [Fact]
    public async Task OutgoingCallsAndUpdatesOfUnknownCallsShowNothing()
    {
        var notifier = Create();

        await notifier.HandleAsync(Event(EventTypes.CallOutgoing, Ringing("c1", Contact()) with { Direction = CallDirection.Outbound, State = CallState.Dialing }), CancellationToken.None);
        await notifier.HandleAsync(Event(EventTypes.CallUpdated, Ringing("c9", Contact())), CancellationToken.None);

        Assert.Empty(_surface.Shown);
    }

    [Theory]
    [InlineData("answer", "answer c1")]
    [InlineData("decline", "decline c1")]
    [InlineData("default", "popup c1")]
    [InlineData("open-crm", "url https://crm.example.com/contacts/42")]
    public async Task EachActionDrivesItsCommand(string key, string expected)
    {
        var notifier = Create();
        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", Contact())), CancellationToken.None);

        _surface.Invoke(_surface.Shown[0].Id, key);

        Assert.Equal(expected, await _actions.Done.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ActionsOnNotificationsOfOtherProgramsDoNothing()
    {
        var notifier = Create();
        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", Contact())), CancellationToken.None);

        _surface.Invoke(_surface.Shown[0].Id + 100, "answer");
        _surface.Invoke(_surface.Shown[0].Id, "answer");

        Assert.Equal("answer c1", await _actions.Done.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, _actions.Count);
    }

    [Fact]
    public async Task AFailingNotificationServerDoesNotStopTheEventLoop()
    {
        var notifier = Create();
        _surface.FailNext = true;

        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c1", Contact())), CancellationToken.None);
        await notifier.HandleAsync(Event(EventTypes.CallIncoming, Ringing("c2", Contact())), CancellationToken.None);

        Assert.Equal(["c2"], notifier.Showing);
    }

    private CallNotifier Create(string language = "en") => new(_surface, _actions, language, NullLogger<CallNotifier>.Instance);

    [Theory]
    [InlineData(null, null, "fr_FR.UTF-8", "fr")]
    [InlineData("C", null, "fr_FR.UTF-8", "en")]
    [InlineData(null, "de_CH", "fr_FR.UTF-8", "de")]
    [InlineData(null, null, null, "en")]
    [InlineData(null, null, "en_GB@euro", "en")]
    public void TheLanguageComesFromTheFirstLocaleVariableSet(string? all, string? messages, string? lang, string expected)
    {
        var variables = new Dictionary<string, string?> { ["LC_ALL"] = all, ["LC_MESSAGES"] = messages, ["LANG"] = lang };

        Assert.Equal(expected, CallNotificationText.LanguageFromEnvironment(name => variables[name]));
    }

    private static CallEvent Event(string type, CallInfo call) => new(type, s_at, call);

    private static ContactRef Contact() => new("42", "Hervé Lefèvre", "Lefèvre & Fils", "https://crm.example.com/contacts/42");

    private static CallInfo Ringing(string id, ContactRef? contact) =>
        new(id, null, CallDirection.Inbound, CallState.Ringing, new RemoteParty("0123456789", "+33123456789", null), contact, s_at, null, null, null);

    private sealed class RecordingSurface : INotificationSurface
    {
        private uint _next = 1;

        public event Action<uint, string>? ActionInvoked;

        public List<(uint Id, uint ReplacesId, DesktopNotification Notification)> Shown { get; } = [];

        public List<uint> Closed { get; } = [];

        public bool FailNext { get; set; }

        public Task<uint> NotifyAsync(DesktopNotification notification, uint replacesId, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the notification server is gone");
            }

            var id = replacesId != 0 ? replacesId : _next++;
            Shown.Add((id, replacesId, notification));
            return Task.FromResult(id);
        }

        public Task CloseAsync(uint id, CancellationToken cancellationToken)
        {
            Closed.Add(id);
            return Task.CompletedTask;
        }

        public void Invoke(uint id, string key) => ActionInvoked?.Invoke(id, key);
    }

    private sealed class RecordingActions : ICallActions
    {
        private int _count;

        public TaskCompletionSource<string> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => _count;

        public Task AnswerAsync(string callId, CancellationToken cancellationToken) => Record("answer " + callId);

        public Task DeclineAsync(string callId, CancellationToken cancellationToken) => Record("decline " + callId);

        public Task OpenPopupAsync(string callId, CancellationToken cancellationToken) => Record("popup " + callId);

        public Task OpenUrlAsync(Uri url, CancellationToken cancellationToken) => Record("url " + url);

        private Task Record(string what)
        {
            Interlocked.Increment(ref _count);
            Done.TrySetResult(what);
            return Task.CompletedTask;
        }
    }
}
