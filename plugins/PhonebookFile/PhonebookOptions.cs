using System.Globalization;
using CtiConnector.Contacts;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Plugins.PhonebookFile;

/// <summary>
/// The <c>Plugins:PhonebookFile</c> section: <c>Path</c> (the CSV or vCard file; relative to the data directory when
/// not absolute), <c>Format</c> (<c>auto</c> (default), <c>csv</c> or <c>vcard</c>), <c>DebounceMs</c> (quiet time after
/// a change before the file is read again, default 500).
/// </summary>
internal sealed class PhonebookOptions
{
    public string Path { get; private init; } = "";

    public ContactFormat Format { get; private init; }

    public TimeSpan Debounce { get; private init; } = TimeSpan.FromMilliseconds(500);

    public static PhonebookOptions Read(IConfiguration section, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(section);
        var path = section["Path"] is { } p && !string.IsNullOrWhiteSpace(p) ? p.Trim() : throw new FormatException("Path is required");
        var format = (section["Format"] ?? "auto").Trim().ToLowerInvariant() switch
        {
            "auto" or "" => ContactFormat.Auto,
            "csv" => ContactFormat.Csv,
            "vcard" or "vcf" => ContactFormat.VCard,
            var other => throw new FormatException($"Format '{other}' must be auto, csv or vcard"),
        };
        var debounce = TimeSpan.FromMilliseconds(500);
        if (section["DebounceMs"] is { } text && !string.IsNullOrWhiteSpace(text))
        {
            debounce = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms)
                : throw new FormatException($"DebounceMs '{text}' must be a number of milliseconds");
        }

        return new PhonebookOptions
        {
            Path = System.IO.Path.GetFullPath(path, string.IsNullOrEmpty(dataDirectory) ? Environment.CurrentDirectory : dataDirectory),
            Format = format,
            Debounce = debounce,
        };
    }
}
