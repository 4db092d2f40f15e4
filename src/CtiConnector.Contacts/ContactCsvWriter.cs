namespace CtiConnector.Contacts;

/// <summary>
/// Exports contacts as CSV that <see cref="ContactReader"/> (and spreadsheets) read back:
/// <c>Id, Name, Company, Email, Url</c>, then one column per number type, repeated as
/// <c>Mobile Phone 2</c>... when a contact has several numbers of one type.
/// </summary>
public static class ContactCsvWriter
{
    private static readonly (ContactNumberType Type, string Header)[] _numberColumns =
    [
        (ContactNumberType.Work, "Work Phone"),
        (ContactNumberType.Home, "Home Phone"),
        (ContactNumberType.Mobile, "Mobile Phone"),
        (ContactNumberType.Fax, "Fax"),
        (ContactNumberType.Other, "Other Phone"),
    ];

    /// <summary>Writes <paramref name="cards"/> with a header row.</summary>
    public static void Write(TextWriter writer, IReadOnlyCollection<ContactCard> cards, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cards);
        var counts = _numberColumns
            .Select(column => Math.Max(1, cards.Select(card => card.Numbers.Count(n => n.Type == column.Type)).DefaultIfEmpty(0).Max()))
            .ToArray();

        var header = new List<string> { "Id", "Name", "Company", "Email", "Url" };
        for (var c = 0; c < _numberColumns.Length; c++)
        {
            for (var i = 1; i <= counts[c]; i++)
            {
                header.Add(i == 1 ? _numberColumns[c].Header : $"{_numberColumns[c].Header} {i}");
            }
        }

        var csv = new CsvWriter(writer, options);
        csv.WriteRecord(header);
        foreach (var card in cards)
        {
            var row = new List<string?> { card.ExternalId, card.Name, card.Company, card.Email, card.CrmUrl };
            for (var c = 0; c < _numberColumns.Length; c++)
            {
                var numbers = card.Numbers.Where(n => n.Type == _numberColumns[c].Type).Select(n => n.Raw).ToList();
                for (var i = 0; i < counts[c]; i++)
                {
                    row.Add(i < numbers.Count ? numbers[i] : null);
                }
            }

            csv.WriteRecord(row);
        }
    }
}
