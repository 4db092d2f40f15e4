using CtiConnector.Core.Calls;

namespace CtiConnector.Api.Pipe;

/// <summary>A refusal on the pipe, with the same status and stable code as the HTTP API would give.</summary>
public sealed class PipeProblem : Exception
{
    public PipeProblem(int status, string code, string title, string detail)
        : base(detail)
    {
        Status = status;
        Code = code;
        Title = title;
    }

    public PipeProblem() : this(400, "bad-request", "Bad request", "Bad request.") { }

    public PipeProblem(string message) : this(400, "bad-request", "Bad request", message) { }

    public PipeProblem(string message, Exception innerException) : base(message, innerException)
    {
        Status = 400;
        Code = "bad-request";
        Title = "Bad request";
    }

    public int Status { get; }

    public string Code { get; }

    public string Title { get; }

    /// <summary>The pipe form of a command-layer refusal.</summary>
    public static PipeProblem From(CallCenterException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (status, title) = error.Code switch
        {
            "bad-target" or "bad-request" => (400, "Bad request"),
            "no-such-call" or "not-found" => (404, "Not found"),
            "invalid-state" or "cancelled" => (409, "Not possible in the current state"),
            "unsupported-media-type" => (415, "Unsupported media type"),
            "unavailable" => (503, "Telephony unavailable"),
            _ => (502, "The telephony layer refused the command"),
        };
        return new PipeProblem(status, status == 502 ? "telephony" : error.Code, title, error.Message);
    }
}
