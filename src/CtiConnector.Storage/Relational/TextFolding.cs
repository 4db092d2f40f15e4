using System.Text;

namespace CtiConnector.Storage.Relational;

/// <summary>
/// Case and accent folding for the search and name-key columns: lower case, and Latin letters with diacritics
/// reduced to their base letter (é → e, Ł → l, ß → ss). Done in code with a table, so it needs no ICU and gives
/// the same result on SQLite and PostgreSQL.
/// </summary>
internal static class TextFolding
{
    // U+00C0..U+00FF and U+0100..U+017F, one base letter each; ligatures are handled in Append.
    private const string Latin1 = "aaaaaaaceeeeiiiidnooooo*ouuuuyts" + "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    private const string LatinExtendedA =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    /// <summary>The longest indexed word; longer words are cut (and so are the searched ones).</summary>
    public const int MaxTermLength = 64;

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            lastWasSpace = false;
            Append(builder, c);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>The distinct folded words of <paramref name="text"/> (split on anything not a letter or digit), at most 64 chars each.</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        var terms = new List<string>();
        foreach (var word in Words(Fold(text)))
        {
            var term = word.Length > MaxTermLength ? word[..MaxTermLength] : word;
            if (term.Length > 0 && !terms.Contains(term))
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || !char.IsLetterOrDigit(text[i]))
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i + 1;
            }
        }
    }

    private static void Append(StringBuilder builder, char c)
    {
        switch (c)
        {
            case < '\u0080':
                builder.Append(char.ToLowerInvariant(c));
                return;
            case '\u00C6' or '\u00E6':
                builder.Append("ae");
                return;
            case '\u00DF':
                builder.Append("ss");
                return;
            case '\u00DE' or '\u00FE':
                builder.Append("th");
                return;
            case '\u0132' or '\u0133':
                builder.Append("ij");
                return;
            case '\u0152' or '\u0153':
                builder.Append("oe");
                return;
            case '\u00D7' or '\u00F7':
                builder.Append(c);
                return;
            case >= '\u00C0' and <= '\u00FF':
                builder.Append(Latin1[c - '\u00C0']);
                return;
            case >= '\u0100' and <= '\u017F':
                builder.Append(LatinExtendedA[c - '\u0100']);
                return;
            default:
                builder.Append(char.ToLowerInvariant(c));
                return;
        }
    }
}
