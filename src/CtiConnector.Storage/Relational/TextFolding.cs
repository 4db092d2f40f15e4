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
