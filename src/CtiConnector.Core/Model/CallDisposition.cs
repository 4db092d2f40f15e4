namespace CtiConnector.Core.Model;

/// <summary>
/// How a call ended, as stored in the history. Serialised in kebab case:
/// <c>answered</c>, <c>missed</c>, <c>declined</c>, <c>busy</c>, <c>failed</c>,
/// <c>cancelled</c>, <c>no-answer</c>, <c>interrupted</c>.
/// </summary>
public enum CallDisposition
{
    Answered,
    Missed,
    Declined,
    Busy,
    Failed,
    Cancelled,
    NoAnswer,
    Interrupted,
}
