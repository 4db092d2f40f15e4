namespace CtiConnector.Contacts;

/// <summary>
/// What each column of a CSV header holds, recognised from the usual exports (Outlook in English and
/// French, Google Contacts old and new, PhonerLite-style phonebooks, CRM exports): name or first /
/// middle / last name, company, id, url, e-mail, and every column naming a phone, tel, mobile or fax number.
/// </summary>
internal sealed class CsvColumns
{
    private static readonly HashSet<string> _phoneWords =
    [
        "phone", "telephone", "tel", "tele", "mobile", "cell", "cellular", "portable", "gsm", "fax", "telecopie", "telecopieur",
        "number", "numero", "num", "callback", "rappel", "pager", "isdn", "rnis", "telefon", "mobil", "handy", "natel",
    ];

    private static readonly HashSet<string> _notPhoneWords = ["label", "type", "street", "rue", "address", "adresse", "postal", "zip"];
    private static readonly HashSet<string> _names = ["name", "full name", "fullname", "display name", "displayname", "nom complet", "contact", "contact name", "nom et prenom", "nom prenom", "prenom nom", "nom affiche", "raison sociale et nom"];
    private static readonly HashSet<string> _firstNames = ["first name", "firstname", "given name", "prenom", "first"];
    private static readonly HashSet<string> _middleNames = ["middle name", "middlename", "additional name", "deuxieme prenom", "autre prenom"];
    private static readonly HashSet<string> _lastNames = ["last name", "lastname", "family name", "surname", "nom de famille", "last"];
    private static readonly HashSet<string> _companies =
        ["company", "organisation", "organization", "societe", "entreprise", "organization name", "organisation name", "organization 1 name", "company name", "raison sociale", "account", "account name", "compte", "org"];

    private static readonly HashSet<string> _ids = ["id", "uid", "external id", "externalid", "contact id", "crm id", "ref", "reference", "identifiant", "record id"];
    private static readonly HashSet<string> _urls = ["url", "crm url", "link", "lien", "crm link", "crm", "fiche", "fiche crm"];
    private static readonly HashSet<string> _websites = ["web page", "website", "site web", "page web", "website 1 value", "web", "site"];

    private CsvColumns(IReadOnlyList<string> headers)
    {
        Headers = headers;
    }

    public IReadOnlyList<string> Headers { get; }

    public int Name { get; private set; } = -1;

    public int First { get; private set; } = -1;

    public int Middle { get; private set; } = -1;

    public int Last { get; private set; } = -1;

    public int Company { get; private set; } = -1;

    public int Id { get; private set; } = -1;

    public int Url { get; private set; } = -1;

    public int Email { get; private set; } = -1;

    public List<PhoneColumn> Phones { get; } = [];

    public bool HasName => Name >= 0 || First >= 0 || Last >= 0;

    public static CsvColumns Detect(IReadOnlyList<string> headers)
    {
        var columns = new CsvColumns(headers);
        var normalized = headers.Select(HeaderWords.Normalize).ToArray();
        var website = -1;
        var bareNom = -1;
        for (var i = 0; i < normalized.Length; i++)
        {
            var header = normalized[i];
            var words = HeaderWords.Split(header);
            if (header.Length == 0)
            {
                continue;
            }

            if (IsPhone(words))
            {
                columns.Phones.Add(new PhoneColumn(i, headers[i].Trim(), HeaderWords.TypeOf(words), LabelColumnOf(normalized, words)));
            }
            else if (header == "nom")
            {
                // French exports: "Nom" is the family name beside "Prénom", the whole name on its own.
                bareNom = i;
            }
            else
            {
                columns.Name = Pick(columns.Name, _names, header, i);
                columns.First = Pick(columns.First, _firstNames, header, i);
                columns.Middle = Pick(columns.Middle, _middleNames, header, i);
                columns.Last = Pick(columns.Last, _lastNames, header, i);
                columns.Company = Pick(columns.Company, _companies, header, i);
                columns.Id = Pick(columns.Id, _ids, header, i);
                columns.Url = Pick(columns.Url, _urls, header, i);
                website = Pick(website, _websites, header, i);
                if (columns.Email < 0 && IsEmail(words))
                {
                    columns.Email = i;
                }
            }
        }

        if (bareNom >= 0)
        {
            if (columns.First >= 0 && columns.Last < 0)
            {
                columns.Last = bareNom;
            }
            else if (columns.Name < 0)
            {
                columns.Name = bareNom;
            }
        }

        if (columns.Url < 0)
        {
            columns.Url = website;
        }

        return columns;
    }

    private static int Pick(int current, HashSet<string> names, string header, int index) =>
        current < 0 && names.Contains(header) ? index : current;

    private static bool IsPhone(string[] words) =>
        words.Any(_phoneWords.Contains) && !words.Any(_notPhoneWords.Contains) && !IsEmail(words);

    private static bool IsEmail(string[] words) =>
        (words.Contains("email") || words.Contains("mail") || words.Contains("courriel") || words.Contains("messagerie"))
        && !words.Contains("type") && !words.Contains("label") && !words.Contains("display");

    // Google Contacts: "Phone 1 - Value" takes its type from "Phone 1 - Label" (new) or "Phone 1 - Type" (old).
    private static int LabelColumnOf(string[] normalized, string[] words)
    {
        if (!words.Contains("value"))
        {
            return -1;
        }

        foreach (var companion in new[] { "label", "type" })
        {
            var name = string.Join(' ', words.Select(w => w == "value" ? companion : w));
            var index = Array.IndexOf(normalized, name);
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }
}

/// <summary>A CSV column holding phone numbers.</summary>
/// <param name="Index">Column index.</param>
/// <param name="Header">Header as written, for messages.</param>
/// <param name="Type">Type the header names.</param>
/// <param name="LabelIndex">Column giving each row's type (Google Contacts), or -1.</param>
internal sealed record PhoneColumn(int Index, string Header, ContactNumberType Type, int LabelIndex);
