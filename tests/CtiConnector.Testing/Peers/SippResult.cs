using System.Globalization;

namespace CtiConnector.Testing.Peers;

/// <summary>What a sipp run gave: its exit code (null when it had to be stopped), output, error trace and message trace.</summary>
public sealed record SippResult(int? ExitCode, string Output, string Errors, string Messages)
{
    public override string ToString() => $"sipp exit {ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none (stopped)"}\n{Errors}\n{Output}";
}
