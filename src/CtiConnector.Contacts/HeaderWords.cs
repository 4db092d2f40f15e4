using System.Text;

namespace CtiConnector.Contacts;

/// <summary>
/// Reduces a column header or a type label to lower-case ASCII words (<c>Téléphone (bureau)</c> →
/// <c>telephone bureau</c>) and tells which kind of phone number a label names.
/// </summary>
internal static class HeaderWords
{
    private static readonly HashSet<string> _fax = ["fax", "telecopie", "telecopieur", "facsimile"];
    private static readonly HashSet<string> _mobile = ["mobile", "cell", "cellular", "portable", "gsm", "mobil", "handy", "natel", "iphone"];
    private static readonly HashSet<string> _home = ["home", "domicile", "private", "prive", "privee", "perso", "personal", "personnel", "personnelle", "privat", "residence"];
    private static readonly HashSet<string> _work =
        ["work", "business", "bureau", "office", "company", "societe", "professionnel", "professionnelle", "pro", "main", "principal", "travail", "entreprise", "geschaftlich", "standard"];

    /// <summary>Lower-case, accent-free, words separated by single spaces.</summary>
    public static string Normalize(string header)
    {
        var builder = new StringBuilder(header.Length);
        var space = true;
        foreach (var c in header.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(FoldAccent(char.ToLowerInvariant(c)));
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    // Invariant globalization has no Unicode normalisation: fold the Latin accents by hand.
    private static char FoldAccent(char c)
    {
        const string Accented = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
        const string Plain = "aaaaaaceeeeiiiinoooooouuuuyy";
        var index = Accented.IndexOf(c, StringComparison.Ordinal);
        return index >= 0 ? Plain[index] : c;
    }

    public static string[] Split(string normalized) => normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The number type a header or label names; fax beats mobile beats home beats work.</summary>
    public static ContactNumberType TypeOf(IEnumerable<string> words)
    {
        var type = ContactNumberType.Other;
        foreach (var word in words)
        {
            var found = _fax.Contains(word) ? ContactNumberType.Fax
                : _mobile.Contains(word) ? ContactNumberType.Mobile
                : _home.Contains(word) ? ContactNumberType.Home
                : _work.Contains(word) ? ContactNumberType.Work
                : ContactNumberType.Other;
            if (found != ContactNumberType.Other && (type == ContactNumberType.Other || Rank(found) > Rank(type)))
            {
                type = found;
            }
        }

        return type;
    }

    private static int Rank(ContactNumberType type) => type switch
    {
        ContactNumberType.Fax => 4,
        ContactNumberType.Mobile => 3,
        ContactNumberType.Home => 2,
        ContactNumberType.Work => 1,
        _ => 0,
    };
}
