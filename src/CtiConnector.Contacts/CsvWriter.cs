namespace CtiConnector.Contacts;

/// <summary>
/// Writes CSV (RFC 4180): a field is quoted when it holds the separator, a quote, a line break or
/// leading/trailing spaces, with quotes doubled. Used for contact exports and for any row list
/// (call history export).
/// </summary>
/// <example>
/// <code>
/// CsvWriter.Write(writer, ["Date", "Number", "Duration"], rows.Select(r => new[] { r.Date, r.Number, r.Seconds }));
/// </code>
/// </example>
public sealed class CsvWriter
{
    private readonly TextWriter _writer;
    private readonly CsvWriteOptions _options;

    /// <summary>Creates a writer over <paramref name="writer"/>.</summary>
    public CsvWriter(TextWriter writer, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _options = options ?? new CsvWriteOptions();
        if (_options.Separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The separator cannot be a quote or a line break.", nameof(options));
        }
    }

    /// <summary>Writes a header and rows.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new CsvWriter(writer, options);
        csv.WriteRecord(header);
        foreach (var row in rows)
        {
            csv.WriteRecord(row);
        }
    }

    /// <summary>Writes a header and rows, asynchronously.</summary>
    public static async Task WriteAsync(
        TextWriter writer, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows, CsvWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new CsvWriter(writer, options);
        await writer.WriteAsync(csv.Format(header).AsMemory(), cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(csv.Format(row).AsMemory(), cancellationToken);
        }
    }

    /// <summary>Writes one record (null fields are empty).</summary>
    public void WriteRecord(IReadOnlyList<string?> fields)
    {
        _writer.Write(Format(fields));
    }

    /// <summary>One record as text, record separator included.</summary>
    public string Format(IReadOnlyList<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(_options.Separator);
            }

            AppendField(builder, fields[i] ?? string.Empty);
        }

        return builder.Append(_options.NewLine).ToString();
    }

    private void AppendField(System.Text.StringBuilder builder, string field)
    {
        if (_options.ProtectFormulas && LooksLikeFormula(field))
        {
            field = "'" + field;
        }

        var quote = field.Length > 0
            && (field.Contains(_options.Separator, StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
                || field.Contains('\r', StringComparison.Ordinal) || field.Contains('\n', StringComparison.Ordinal)
                || field[0] == ' ' || field[^1] == ' ');
        if (!quote)
        {
            builder.Append(field);
            return;
        }

        builder.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    // OWASP "CSV injection": cells a spreadsheet would evaluate. Phone numbers (+33 1 23...) and plain
    // negative numbers are left alone.
    private static bool LooksLikeFormula(string field)
    {
        if (field.Length == 0)
        {
            return false;
        }

        return field[0] switch
        {
            '=' or '@' or '\t' or '\r' => true,
            '+' or '-' => field.AsSpan(1).ContainsAnyExcept("0123456789 .-()/"),
            _ => false,
        };
    }
}
