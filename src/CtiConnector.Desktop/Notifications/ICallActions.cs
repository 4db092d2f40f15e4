namespace CtiConnector.Desktop.Notifications;

/// <summary>What a call notification's buttons do: the command layer's answer and hang-up, and the UI's popup.</summary>
public interface ICallActions
{
    Task AnswerAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Declines a ringing incoming call.</summary>
    Task DeclineAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Brings up the agent's own popup for the call (a click on the notification).</summary>
    Task OpenPopupAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Opens the contact in the CRM (its URL).</summary>
    Task OpenUrlAsync(Uri url, CancellationToken cancellationToken);
}
