using CtiConnector.Contacts;
using CtiConnector.Core.Model;
using CtiConnector.Core.Numbers;
using CtiConnector.PhoneNumbers;

namespace CtiConnector.Core.Contacts;

/// <summary>
/// The product <see cref="IContactFileReader"/>, backed by <see cref="ContactReader"/> (CSV with a header row, vCard 3/4).
/// A file with any malformed record is refused whole (<see cref="FormatException"/> listing the first problems); numbers
/// get their E.164 form and match key from the same <see cref="INumberNormalizer"/> as the lookups.
/// </summary>
public sealed class ContactFileReader : IContactFileReader
{
    private const int ProblemsShown = 5;

    private readonly ContactReader _reader;
    private readonly INumberNormalizer _normalizer;

    public ContactFileReader(ContactReader reader, INumberNormalizer normalizer)
    {
        _reader = reader;
        _normalizer = normalizer;
    }

    /// <summary>A reader whose numbers default to <paramref name="defaultCountry"/> (ISO code), matched by <paramref name="normalizer"/>.</summary>
    public static ContactFileReader ForCountry(string defaultCountry, INumberNormalizer normalizer) =>
        new(new ContactReader(new ContactReaderOptions { NumberParser = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = defaultCountry }) }), normalizer);

    public bool CanRead(string mediaType) => FormatOf(mediaType) is not null;

    public async Task<IReadOnlyList<Contact>> ReadAsync(string mediaType, Stream content, CancellationToken cancellationToken)
    {
        var format = FormatOf(mediaType) ?? throw new FormatException($"Contacts cannot be read from {mediaType}.");
        var result = await _reader.ReadAsync(content, format, cancellationToken).ConfigureAwait(false);
        if (!result.IsClean)
        {
            var shown = string.Join("; ", result.Errors.Take(ProblemsShown));
            var more = result.Errors.Count > ProblemsShown ? $" (and {result.Errors.Count - ProblemsShown} more)" : string.Empty;
            throw new FormatException($"The file was not imported: {shown}{more}.");
        }

        return [.. result.Cards.Select(ToContact)];
    }

    private Contact ToContact(ContactCard card)
    {
        var numbers = card.Numbers.Select(n =>
        {
            var normalized = _normalizer.Normalize(n.Raw);
            return new ContactPhone(n.Type.ToString().ToLowerInvariant(), n.Raw, normalized.E164, normalized.MatchKey);
        });
        return new Contact(string.Empty, card.ExternalId, card.Name, card.Company, card.Email, card.CrmUrl, [.. numbers]);
    }

    private static ContactFormat? FormatOf(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "text/csv" => ContactFormat.Csv,
        "text/vcard" or "text/x-vcard" or "text/directory" => ContactFormat.VCard,
        _ => null,
    };
}
