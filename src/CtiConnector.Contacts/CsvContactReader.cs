using CtiConnector.PhoneNumbers;

namespace CtiConnector.Contacts;

/// <summary>
/// Reads contacts from CSV text with a header row (see <see cref="CsvColumns"/> for the headers
/// recognised), or from a header-less phonebook whose rows are <c>name;number[;number...]</c>.
/// </summary>
internal sealed class CsvContactReader
{
    private const string GoogleMultiValueSeparator = ":::";

    private readonly PhoneNumberParser? _parser;
    private readonly List<ContactCard> _cards = [];
    private readonly List<ContactImportIssue> _errors = [];
    private readonly List<ContactImportIssue> _skipped = [];

    public CsvContactReader(PhoneNumberParser? parser)
    {
        _parser = parser;
    }

    public ContactImportResult Read(string text, string encoding)
    {
        var reader = OpenReader(text);
        var fields = new List<string>();
        int headerLine;
        string? error;
        do
        {
            if (!reader.TryRead(fields, out headerLine, out error))
            {
                _errors.Add(new ContactImportIssue(1, "the file is empty"));
                return Result(encoding);
            }
        }
        while (error is null && fields.All(string.IsNullOrWhiteSpace));

        if (error is not null)
        {
            _errors.Add(new ContactImportIssue(headerLine, "header row: " + error));
            return Result(encoding);
        }

        var columns = CsvColumns.Detect([.. fields]);
        if (columns.HasName && columns.Phones.Count > 0)
        {
            ReadRows(reader, columns);
        }
        else if (LooksLikePhonebookRow(fields))
        {
            ReadPhonebookRow(fields, headerLine);
            ReadPhonebookRows(reader);
        }
        else
        {
            _errors.Add(new ContactImportIssue(headerLine, columns.HasName
                ? "no phone column in the header (expected a header naming a phone, tel, mobile or fax number)"
                : "no name column in the header (expected Name, or First Name / Last Name)"));
        }

        return Result(encoding);
    }

    // Excel writes and honours a first line "sep=;" naming the separator.
    private static CsvRecordReader OpenReader(string text)
    {
        if (text.Length >= 5 && text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && (text.Length == 5 || text[5] is '\r' or '\n'))
        {
            var rest = text[5..];
            rest = rest.StartsWith("\r\n", StringComparison.Ordinal) ? rest[2..] : rest.Length > 0 ? rest[1..] : rest;
            return new CsvRecordReader(rest, text[4], firstLine: 2);
        }

        return new CsvRecordReader(text, CsvRecordReader.DetectSeparator(text));
    }

    private void ReadRows(CsvRecordReader reader, CsvColumns columns)
    {
        var fields = new List<string>();
        while (reader.TryRead(fields, out var line, out var error))
        {
            if (error is not null)
            {
                _errors.Add(new ContactImportIssue(line, error));
                continue;
            }

            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (fields.Count > columns.Headers.Count && fields.Skip(columns.Headers.Count).Any(f => f.Length > 0))
            {
                _errors.Add(new ContactImportIssue(line, $"{fields.Count} fields where the header has {columns.Headers.Count}"));
                continue;
            }

            ReadRow(fields, line, columns);
        }
    }

    private void ReadRow(List<string> fields, int line, CsvColumns columns)
    {
        string? Cell(int index) => index >= 0 && index < fields.Count && fields[index].Trim() is { Length: > 0 } value ? value : null;

        var company = Cell(columns.Company);
        var name = Cell(columns.Name)
            ?? JoinName(Cell(columns.First), Cell(columns.Middle), Cell(columns.Last))
            ?? company;
        var problems = new List<string>();
        var numbers = new List<ContactNumber>();
        foreach (var column in columns.Phones)
        {
            if (Cell(column.Index) is not { } cell)
            {
                continue;
            }

            var type = Cell(column.LabelIndex) is { } label ? HeaderWords.TypeOf(HeaderWords.Split(HeaderWords.Normalize(label))) : column.Type;
            foreach (var part in cell.Split(GoogleMultiValueSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                AddNumber(numbers, problems, type, part, $"column '{column.Header}'");
            }
        }

        // A record with neither name nor number (an e-mail-only entry) is left out, not refused.
        if (name is null && numbers.Count > 0)
        {
            problems.Insert(0, "no name");
        }

        Finish(line, name, problems, numbers, new ContactCard
        {
            Name = name ?? string.Empty,
            Company = company,
            ExternalId = Cell(columns.Id),
            Email = Cell(columns.Email),
            CrmUrl = Cell(columns.Url),
            Numbers = numbers,
        });
    }

    private bool LooksLikePhonebookRow(List<string> fields) =>
        fields.Count >= 2
        && fields[0].Trim().Length > 0
        && !IsNumber(fields[0])
        && fields.Skip(1).Any(IsNumber);

    private void ReadPhonebookRows(CsvRecordReader reader)
    {
        var fields = new List<string>();
        while (reader.TryRead(fields, out var line, out var error))
        {
            if (error is not null)
            {
                _errors.Add(new ContactImportIssue(line, error));
            }
            else if (!fields.All(string.IsNullOrWhiteSpace))
            {
                ReadPhonebookRow(fields, line);
            }
        }
    }

    // Header-less phonebook (PhonerLite style): name, then numbers; an e-mail or a link may sit among them.
    private void ReadPhonebookRow(List<string> fields, int line)
    {
        var name = fields[0].Trim();
        var problems = new List<string>();
        var numbers = new List<ContactNumber>();
        string? email = null, url = null;
        if (name.Length == 0)
        {
            problems.Add("no name");
        }

        for (var i = 1; i < fields.Count; i++)
        {
            var value = fields[i].Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (value.Contains('@', StringComparison.Ordinal) && !value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
            {
                email ??= value;
            }
            else if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                url ??= value;
            }
            else
            {
                var type = _parser?.Parse(value).Kind == PhoneNumberKind.Mobile ? ContactNumberType.Mobile : ContactNumberType.Other;
                AddNumber(numbers, problems, type, value, $"field {i + 1}");
            }
        }

        Finish(line, name, problems, numbers, new ContactCard { Name = name, Email = email, CrmUrl = url, Numbers = numbers });
    }

    private void AddNumber(List<ContactNumber> numbers, List<string> problems, ContactNumberType type, string value, string where)
    {
        if (_parser?.Parse(value) is { IsValid: false } parsed)
        {
            problems.Add($"{where}: '{value}' is not a phone number ({Describe(parsed.Error)})");
            return;
        }

        if (!numbers.Any(n => n.Raw == value))
        {
            numbers.Add(new ContactNumber(type, value));
        }
    }

    private void Finish(int line, string? name, List<string> problems, List<ContactNumber> numbers, ContactCard card)
    {
        if (problems.Count > 0)
        {
            _errors.Add(new ContactImportIssue(line, string.Join("; ", problems)));
        }
        else if (numbers.Count == 0)
        {
            _skipped.Add(new ContactImportIssue(line, $"'{name}' has no phone number"));
        }
        else
        {
            _cards.Add(card);
        }
    }

    private bool IsNumber(string value) =>
        _parser is null
            ? value.Any(char.IsAsciiDigit) && !value.Any(char.IsLetter)
            : _parser.Parse(value).IsValid;

    private ContactImportResult Result(string encoding) => new(ContactFormat.Csv, encoding, _cards, _errors, _skipped);

    private static string? JoinName(params string?[] parts)
    {
        var name = string.Join(' ', parts.Where(p => p is not null));
        return name.Length == 0 ? null : name;
    }

    internal static string Describe(PhoneNumberError error) => error switch
    {
        PhoneNumberError.Empty => "no digits",
        PhoneNumberError.InvalidCharacter => "unexpected character",
        PhoneNumberError.UnknownCountryCode => "unknown country code",
        PhoneNumberError.TooShort => "too short",
        PhoneNumberError.TooLong => "too long",
        PhoneNumberError.NotATelephoneUri => "not a telephone URI",
        _ => error.ToString(),
    };
}
