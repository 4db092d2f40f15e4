namespace CtiConnector.Contacts;

/// <summary>How <see cref="CsvWriter"/> writes.</summary>
public sealed class CsvWriteOptions
{
    /// <summary>Field separator (default <c>,</c>; <c>;</c> suits French Excel).</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Record separator (default CRLF, as RFC 4180 says).</summary>
    public string NewLine { get; init; } = "\r\n";

    /// <summary>
    /// Defuse spreadsheet formulas (default true): a field starting with <c>=</c>, <c>@</c>, tab or CR, or with
    /// <c>+</c> / <c>-</c> followed by something other than a phone number, gets a leading apostrophe.
    /// </summary>
    public bool ProtectFormulas { get; init; } = true;
}
