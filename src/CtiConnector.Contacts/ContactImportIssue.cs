namespace CtiConnector.Contacts;

/// <summary>A line of an imported file that gave no contact, and why.</summary>
/// <param name="LineNumber">1-based line where the record (CSV row, vCard) starts.</param>
/// <param name="Reason">Plain-language reason, for the user.</param>
public sealed record ContactImportIssue(int LineNumber, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}: {Reason}";
}
