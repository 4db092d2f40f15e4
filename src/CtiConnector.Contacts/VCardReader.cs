using CtiConnector.PhoneNumbers;

namespace CtiConnector.Contacts;

/// <summary>
/// Reads vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350) files: FN or N, ORG, TEL (TYPE parameters,
/// <c>tel:</c> URIs), EMAIL, URL, UID; folded lines, quoted-printable values with their charset.
/// Every malformed line is reported with its number; a card with one is refused.
/// </summary>
internal sealed class VCardReader
{
    private readonly PhoneNumberParser? _parser;
    private readonly List<ContactCard> _cards = [];
    private readonly List<ContactImportIssue> _errors = [];
    private readonly List<ContactImportIssue> _skipped = [];

    public VCardReader(PhoneNumberParser? parser)
    {
        _parser = parser;
    }

    public ContactImportResult Read(string text, string encoding)
    {
        List<VCardProperty>? card = null;
        var cardLine = 0;
        var cardErrors = 0;
        foreach (var (line, content) in LogicalLines(text))
        {
            var property = VCardProperty.Parse(content, line);
            if (property is null)
            {
                _errors.Add(new ContactImportIssue(line, card is null
                    ? "text outside a BEGIN:VCARD / END:VCARD block"
                    : "not a vCard property (no 'NAME:value')"));
                cardErrors += card is null ? 0 : 1;
                continue;
            }

            var value = property.RawValue.Trim();
            if (property.Name == "BEGIN" && value.Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                if (card is not null)
                {
                    _errors.Add(new ContactImportIssue(cardLine, "BEGIN:VCARD without END:VCARD"));
                }

                card = [];
                cardLine = line;
                cardErrors = 0;
            }
            else if (property.Name == "END" && value.Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                if (card is null)
                {
                    _errors.Add(new ContactImportIssue(line, "END:VCARD without BEGIN:VCARD"));
                }
                else
                {
                    BuildCard(card, cardLine, cardErrors);
                    card = null;
                }
            }
            else if (card is null)
            {
                _errors.Add(new ContactImportIssue(line, "text outside a BEGIN:VCARD / END:VCARD block"));
            }
            else
            {
                card.Add(property);
            }
        }

        if (card is not null)
        {
            _errors.Add(new ContactImportIssue(cardLine, "BEGIN:VCARD without END:VCARD"));
        }

        if (_cards.Count == 0 && _errors.Count == 0 && _skipped.Count == 0)
        {
            _errors.Add(new ContactImportIssue(1, "no vCard in the file"));
        }

        return new ContactImportResult(ContactFormat.VCard, encoding, _cards, _errors, _skipped);
    }

    private void BuildCard(List<VCardProperty> properties, int line, int errorsSoFar)
    {
        string? fn = null, org = null, email = null, url = null, uid = null;
        List<string>? n = null;
        var numbers = new List<ContactNumber>();
        var problems = errorsSoFar;
        foreach (var property in properties)
        {
            if (property.Encoding is "B" or "BASE64")
            {
                continue;
            }

            var value = VCardValue.Decode(property);
            switch (property.Name)
            {
                case "FN":
                    fn ??= NullIfEmpty(VCardValue.Unescape(value));
                    break;
                case "N":
                    n ??= VCardValue.Components(value);
                    break;
                case "ORG":
                    org ??= NullIfEmpty(VCardValue.Components(value)[0]);
                    break;
                case "EMAIL":
                    email ??= NullIfEmpty(VCardValue.Unescape(value));
                    break;
                case "URL":
                    url ??= NullIfEmpty(VCardValue.Unescape(value));
                    break;
                case "UID":
                    uid ??= NullIfEmpty(VCardValue.Unescape(value));
                    break;
                case "TEL":
                    problems += AddNumber(numbers, property, value) ? 0 : 1;
                    break;
            }
        }

        // N is family;given;additional;prefixes;suffixes.
        var name = fn ?? JoinName(n) ?? org;
        if (name is null && numbers.Count > 0)
        {
            _errors.Add(new ContactImportIssue(line, "the card has no FN, N or ORG"));
            problems++;
        }

        if (problems > 0)
        {
            return;
        }

        if (numbers.Count == 0)
        {
            _skipped.Add(new ContactImportIssue(line, $"'{name}' has no phone number"));
            return;
        }

        _cards.Add(new ContactCard { Name = name!, Company = org, Email = email, CrmUrl = url, ExternalId = uid, Numbers = numbers });
    }

    private bool AddNumber(List<ContactNumber> numbers, VCardProperty property, string value)
    {
        var raw = VCardValue.Unescape(value);

        // vCard 4.0: TEL;VALUE=uri:tel:+33-1-23-45-67-89;ext=12 — keep the number, drop scheme and parameters.
        if (raw.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            raw = raw[4..];
            var semicolon = raw.IndexOf(';', StringComparison.Ordinal);
            raw = semicolon >= 0 ? raw[..semicolon] : raw;
        }

        if (raw.Length == 0)
        {
            return true;
        }

        if (_parser?.Parse(raw) is { IsValid: false } parsed)
        {
            _errors.Add(new ContactImportIssue(property.Line, $"TEL '{raw}' is not a phone number ({CsvContactReader.Describe(parsed.Error)})"));
            return false;
        }

        if (!numbers.Any(number => number.Raw == raw))
        {
            numbers.Add(new ContactNumber(HeaderWords.TypeOf(property.Types), raw));
        }

        return true;
    }

    /// <summary>
    /// Content lines with the number of the line each starts on: folded lines (RFC 6350 §3.2, a line
    /// starting with a space or tab continues the previous one) and quoted-printable soft breaks joined.
    /// </summary>
    private static IEnumerable<(int Line, string Content)> LogicalLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var current = new System.Text.StringBuilder();
        var start = 0;
        bool? quotedPrintable = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (current.Length > 0 && line.Length > 0 && line[0] is ' ' or '\t')
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }

            // vCard 2.1 quoted-printable soft line break: "=" at the end of a line joins the next one.
            if (current.Length > 0 && current[^1] == '=' && (quotedPrintable ??= VCardProperty.IsQuotedPrintable(current.ToString())))
            {
                current.Length--;
                current.Append(line);
                continue;
            }

            if (current.Length > 0)
            {
                yield return (start, current.ToString());
                current.Clear();
            }

            quotedPrintable = null;
            if (line.Trim().Length > 0)
            {
                current.Append(line);
                start = i + 1;
            }
        }

        if (current.Length > 0)
        {
            yield return (start, current.ToString());
        }
    }

    private static string? JoinName(List<string>? n)
    {
        if (n is null)
        {
            return null;
        }

        string Part(int index) => index < n.Count ? n[index] : string.Empty;
        var name = string.Join(' ', new[] { Part(3), Part(1), Part(2), Part(0), Part(4) }.Where(p => p.Length > 0));
        return NullIfEmpty(name);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
