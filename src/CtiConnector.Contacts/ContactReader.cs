namespace CtiConnector.Contacts;

/// <summary>
/// Reads a contacts file — CSV with a header row (Outlook, Google Contacts, phonebooks, CRM exports)
/// or vCard 2.1/3.0/4.0 — into <see cref="ContactCard"/>s. The text encoding is detected (UTF-8 with
/// or without BOM, UTF-16 with BOM, Windows-1252). Never throws on file content: every problem is
/// in <see cref="ContactImportResult.Errors"/> with its line number.
/// </summary>
/// <example>
/// <code>
/// var result = new ContactReader().Read(File.ReadAllBytes("contacts.csv"));
/// if (!result.IsClean) { foreach (var e in result.Errors) Console.WriteLine(e); return; }
/// foreach (var card in result.Cards) directory.Add(card);
/// </code>
/// </example>
public sealed class ContactReader
{
    private readonly ContactReaderOptions _options;

    /// <summary>Creates a reader with default options (numbers checked with a French parser).</summary>
    public ContactReader()
        : this(new ContactReaderOptions())
    {
    }

    /// <summary>Creates a reader with the given options.</summary>
    public ContactReader(ContactReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Reads a file's bytes.</summary>
    public ContactImportResult Read(ReadOnlySpan<byte> content, ContactFormat format = ContactFormat.Auto)
    {
        if (content.Length > _options.MaxBytes)
        {
            return TooLarge(format);
        }

        var text = TextDecoder.Decode(content, out var encoding);
        return ReadText(text, encoding, format);
    }

    /// <summary>Reads text already decoded.</summary>
    public ContactImportResult ReadText(string text, ContactFormat format = ContactFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadText(text.TrimStart('\uFEFF'), "utf-16", format);
    }

    /// <summary>Reads a stream to its end (up to <see cref="ContactReaderOptions.MaxBytes"/>).</summary>
    public async Task<ContactImportResult> ReadAsync(Stream stream, ContactFormat format = ContactFormat.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes)
            {
                return TooLarge(format);
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), format);
    }

    /// <summary>The format of a text: vCard when its first non-blank line is <c>BEGIN:VCARD</c>.</summary>
    public static ContactFormat Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().TrimStart().TrimStart('\uFEFF').StartsWith("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase)
            ? ContactFormat.VCard
            : ContactFormat.Csv;
    }

    private ContactImportResult ReadText(string text, string encoding, ContactFormat format)
    {
        if (format == ContactFormat.Auto)
        {
            format = Detect(text);
        }

        return format == ContactFormat.VCard
            ? new VCardReader(_options.NumberParser).Read(text, encoding)
            : new CsvContactReader(_options.NumberParser).Read(text, encoding);
    }

    private ContactImportResult TooLarge(ContactFormat format) =>
        new(format, string.Empty, [], [new ContactImportIssue(1, $"the file is larger than {_options.MaxBytes} bytes")], []);
}
