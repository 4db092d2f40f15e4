namespace CtiConnector.Contacts;

/// <summary>
/// Exports contacts as CSV that <see cref="ContactReader"/> (and spreadsheets) read back, in the columns of
/// <see cref="ContactCsvColumns"/>.
/// </summary>
public static class ContactCsvWriter
{
    /// <summary>Writes <paramref name="cards"/> with a header row.</summary>
    public static void Write(TextWriter writer, IReadOnlyCollection<ContactCard> cards, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cards);
        var columns = new ContactCsvColumns();
        foreach (var card in cards)
        {
            columns.Include(card);
        }

        var csv = new CsvWriter(writer, options);
        csv.WriteRecord(columns.Header());
        foreach (var card in cards)
        {
            csv.WriteRecord(columns.Row(card));
        }
    }
}
