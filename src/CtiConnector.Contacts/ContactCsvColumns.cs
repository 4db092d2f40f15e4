namespace CtiConnector.Contacts;

/// <summary>
/// The columns of a contact CSV export: <c>Id, Name, Company, Email, Url</c>, then one column per number type,
/// repeated as <c>Mobile Phone 2</c>... for as many numbers of one type as the widest contact has. Contacts are
/// <see cref="Include"/>d first (all of them, possibly page by page), then written as <see cref="Row"/>s.
/// </summary>
public sealed class ContactCsvColumns
{
    private static readonly (ContactNumberType Type, string Header)[] _numberColumns =
    [
        (ContactNumberType.Work, "Work Phone"),
        (ContactNumberType.Home, "Home Phone"),
        (ContactNumberType.Mobile, "Mobile Phone"),
        (ContactNumberType.Fax, "Fax"),
        (ContactNumberType.Other, "Other Phone"),
    ];

    private readonly int[] _counts = [.. _numberColumns.Select(_ => 1)];

    /// <summary>Widens the number columns to fit <paramref name="card"/>.</summary>
    public void Include(ContactCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        for (var c = 0; c < _numberColumns.Length; c++)
        {
            var type = _numberColumns[c].Type;
            _counts[c] = Math.Max(_counts[c], card.Numbers.Count(n => n.Type == type));
        }
    }

    /// <summary>The header row.</summary>
    public IReadOnlyList<string> Header()
    {
        var header = new List<string> { "Id", "Name", "Company", "Email", "Url" };
        for (var c = 0; c < _numberColumns.Length; c++)
        {
            for (var i = 1; i <= _counts[c]; i++)
            {
                header.Add(i == 1 ? _numberColumns[c].Header : $"{_numberColumns[c].Header} {i}");
            }
        }

        return header;
    }

    /// <summary>
    /// <paramref name="card"/> as a row of <see cref="Header"/>'s columns; numbers beyond the included width are
    /// left out, so include every card before writing.
    /// </summary>
    public IReadOnlyList<string?> Row(ContactCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var row = new List<string?> { card.ExternalId, card.Name, card.Company, card.Email, card.CrmUrl };
        for (var c = 0; c < _numberColumns.Length; c++)
        {
            var type = _numberColumns[c].Type;
            var numbers = card.Numbers.Where(n => n.Type == type).Select(n => n.Raw).ToList();
            for (var i = 0; i < _counts[c]; i++)
            {
                row.Add(i < numbers.Count ? numbers[i] : null);
            }
        }

        return row;
    }
}
