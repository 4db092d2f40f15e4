using System.Text;

namespace CtiConnector.PhoneNumbers;

/// <summary>
/// Groups the digits of a national significant number the way each country writes them:
/// France <c>01 23 45 67 89</c>, the UK <c>020 7946 0958</c>, North America <c>(212) 555-0123</c>.
/// Countries without a rule here get groups of three or four digits.
/// </summary>
internal static class PhoneNumberFormatter
{
    private static readonly string[] _dutchTwoDigitAreas =
    [
        "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43", "45", "46", "50", "53",
        "55", "58", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
    ];

    /// <summary>The national form: trunk prefix, then the groups (<c>01 23 45 67 89</c>).</summary>
    public static string National(CountryInfo country, string nsn)
    {
        if (country.IsNanp)
        {
            return $"({nsn[..3]}) {nsn[3..6]}-{nsn[6..]}";
        }

        var builder = new StringBuilder(nsn.Length + 8);
        // A "0" trunk prefix is written against the area code (020, 01); others stand alone (8 495, 06 1).
        builder.Append(country.TrunkPrefix);
        if (country.TrunkPrefix.Length > 0 && country.TrunkPrefix != "0")
        {
            builder.Append(' ');
        }

        AppendGroups(builder, nsn, Groups(country.CallingCode, nsn));
        return builder.ToString();
    }

    /// <summary>The international form: <c>+</c>, calling code, then the groups (<c>+44 20 7946 0958</c>).</summary>
    public static string International(CountryInfo country, string nsn)
    {
        if (country.IsNanp)
        {
            return $"+1 {nsn[..3]}-{nsn[3..6]}-{nsn[6..]}";
        }

        var builder = new StringBuilder(nsn.Length + 10);
        builder.Append('+').Append(country.CallingCodeText).Append(' ');
        AppendGroups(builder, nsn, Groups(country.CallingCode, nsn));
        return builder.ToString();
    }

    private static void AppendGroups(StringBuilder builder, string nsn, ReadOnlySpan<int> groups)
    {
        var start = 0;
        foreach (var length in groups)
        {
            if (start >= nsn.Length)
            {
                break;
            }

            if (start > 0)
            {
                builder.Append(' ');
            }

            var take = Math.Min(length, nsn.Length - start);
            builder.Append(nsn, start, take);
            start += take;
        }

        if (start < nsn.Length)
        {
            builder.Append(start > 0 ? " " : string.Empty).Append(nsn, start, nsn.Length - start);
        }
    }

    private static int[] Groups(int callingCode, string nsn) => (callingCode, nsn.Length) switch
    {
        // France, its overseas departments and Morocco / Algeria mobiles: X XX XX XX XX.
        (33 or 262 or 590 or 594 or 596 or 212 or 213 or 377, 9) => [1, 2, 2, 2, 2],
        (213 or 377 or 687 or 681 or 508 or 689, _) => Pairs(nsn.Length),
        (216, 8) => [2, 3, 3],
        (32, 9) => [3, 2, 2, 2],
        (32, 8) => nsn[0] is '2' or '3' or '4' or '9' ? [1, 3, 2, 2] : [2, 2, 2, 2],
        (41, 9) => [2, 3, 2, 2],
        (34 or 351, 9) => [3, 3, 3],
        (44, 10) => British(nsn),
        (44, 9) => [4, 5],
        (31, 9) => nsn[0] == '6' ? [1, 8] : Array.IndexOf(_dutchTwoDigitAreas, nsn[..2]) >= 0 ? [2, 3, 4] : [3, 3, 3],
        (49, _) => German(nsn),
        (39, _) => nsn[0] == '0' ? (nsn[1] is '2' or '6' ? [2, 4, nsn.Length] : [3, 3, nsn.Length]) : [3, 3, nsn.Length],
        (352 or 45 or 47 or 372 or 371 or 370 or 356 or 357, 8) => [2, 2, 2, 2],
        (7, 10) => [3, 3, 2, 2],
        _ => Generic(nsn.Length),
    };

    private static int[] British(string nsn) =>
        nsn[0] == '2' ? [2, 4, 4]
        : nsn[0] == '7' ? [4, 6]
        : nsn[0] is '3' or '8' or '9' ? [3, 3, 4]
        : nsn[0] == '1' && (nsn[1] == '1' || nsn[2] == '1') ? [3, 3, 4]
        : [4, 6];

    private static int[] German(string nsn) =>
        nsn[0] == '1' && nsn[1] is '5' or '6' or '7' ? [3, nsn.Length]
        : nsn[..2] is "30" or "40" or "69" or "89" ? [2, nsn.Length]
        : [nsn.Length];

    private static int[] Pairs(int length) => length % 2 == 0
        ? Enumerable.Repeat(2, length / 2).ToArray()
        : [1, .. Enumerable.Repeat(2, length / 2)];

    private static int[] Generic(int length) => length switch
    {
        <= 4 => [length],
        5 => [2, 3],
        6 => [3, 3],
        7 => [3, 4],
        8 => [4, 4],
        9 => [3, 3, 3],
        10 => [3, 3, 4],
        11 => [3, 4, 4],
        12 => [4, 4, 4],
        _ => [3, 3, 3, length - 9],
    };
}
