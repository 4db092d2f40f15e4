using System.Collections.Frozen;

namespace CtiConnector.PhoneNumbers;

/// <summary>
/// Every assigned ITU-T E.164 country calling code (geographic and non-geographic), with the
/// international and trunk prefixes of each country. Countries whose prefixes are not listed
/// here use the common <c>00</c> / <c>0</c>. Shared codes (+1, +7, +44, ...) have one main region.
/// </summary>
public static class CountryTable
{
    private const string Nanp = "011";

    // Columns: region, calling code, international prefix, trunk prefix, NSN min length, NSN max length, main region.
    // A zero length means "not known here": any length that fits E.164 is accepted.
    private static readonly CountryInfo[] _all =
    [
        // Zone 1: North American Numbering Plan, one plan for every member (10-digit NSN, trunk 1, 011 abroad).
        new("US", 1, Nanp, "1", 10, 10),
        new("CA", 1, Nanp, "1", 10, 10, false),
        new("AG", 1, Nanp, "1", 10, 10, false),
        new("AI", 1, Nanp, "1", 10, 10, false),
        new("AS", 1, Nanp, "1", 10, 10, false),
        new("BB", 1, Nanp, "1", 10, 10, false),
        new("BM", 1, Nanp, "1", 10, 10, false),
        new("BS", 1, Nanp, "1", 10, 10, false),
        new("DM", 1, Nanp, "1", 10, 10, false),
        new("DO", 1, Nanp, "1", 10, 10, false),
        new("GD", 1, Nanp, "1", 10, 10, false),
        new("GU", 1, Nanp, "1", 10, 10, false),
        new("JM", 1, Nanp, "1", 10, 10, false),
        new("KN", 1, Nanp, "1", 10, 10, false),
        new("KY", 1, Nanp, "1", 10, 10, false),
        new("LC", 1, Nanp, "1", 10, 10, false),
        new("MP", 1, Nanp, "1", 10, 10, false),
        new("MS", 1, Nanp, "1", 10, 10, false),
        new("PR", 1, Nanp, "1", 10, 10, false),
        new("SX", 1, Nanp, "1", 10, 10, false),
        new("TC", 1, Nanp, "1", 10, 10, false),
        new("TT", 1, Nanp, "1", 10, 10, false),
        new("VC", 1, Nanp, "1", 10, 10, false),
        new("VG", 1, Nanp, "1", 10, 10, false),
        new("VI", 1, Nanp, "1", 10, 10, false),

        // Zone 2: mostly Africa.
        new("EG", 20, "00", "0", 8, 10),
        new("SS", 211),
        new("MA", 212, "00", "0", 9, 9),
        new("EH", 212, "00", "0", 9, 9, false),
        new("DZ", 213, "00", "0", 8, 9),
        new("TN", 216, "00", "", 8, 8),
        new("LY", 218),
        new("GM", 220, "00", ""),
        new("SN", 221, "00", "", 9, 9),
        new("MR", 222, "00", "", 8, 8),
        new("ML", 223, "00", "", 8, 8),
        new("GN", 224, "00", ""),
        new("CI", 225, "00", "", 10, 10),
        new("BF", 226, "00", "", 8, 8),
        new("NE", 227, "00", "", 8, 8),
        new("TG", 228, "00", "", 8, 8),
        new("BJ", 229, "00", ""),
        new("MU", 230, "020", ""),
        new("LR", 231),
        new("SL", 232),
        new("GH", 233),
        new("NG", 234, "009", "0"),
        new("TD", 235, "00", "", 8, 8),
        new("CF", 236, "00", "", 8, 8),
        new("CM", 237, "00", "", 9, 9),
        new("CV", 238, "0", ""),
        new("ST", 239, "00", ""),
        new("GQ", 240, "00", ""),
        new("GA", 241),
        new("CG", 242, "00", ""),
        new("CD", 243),
        new("AO", 244, "00", ""),
        new("GW", 245, "00", ""),
        new("IO", 246, "00", ""),
        new("AC", 247, "00", ""),
        new("SC", 248, "00", ""),
        new("SD", 249),
        new("RW", 250),
        new("ET", 251),
        new("SO", 252),
        new("DJ", 253, "00", "", 8, 8),
        new("KE", 254, "000", "0"),
        new("TZ", 255, "000", "0"),
        new("UG", 256, "000", "0"),
        new("BI", 257, "00", ""),
        new("MZ", 258, "00", ""),
        new("ZM", 260),
        new("MG", 261),
        new("RE", 262, "00", "0", 9, 9),
        new("YT", 262, "00", "0", 9, 9, false),
        new("ZW", 263),
        new("NA", 264),
        new("MW", 265),
        new("LS", 266, "00", ""),
        new("BW", 267, "00", ""),
        new("SZ", 268, "00", ""),
        new("KM", 269, "00", ""),
        new("ZA", 27, "00", "0", 9, 9),
        new("SH", 290, "00", ""),
        new("TA", 290, "00", "", 0, 0, false),
        new("ER", 291),
        new("AW", 297, "00", ""),
        new("FO", 298, "00", "", 6, 6),
        new("GL", 299, "00", "", 6, 6),

        // Zone 3: Europe.
        new("GR", 30, "00", "", 10, 10),
        new("NL", 31, "00", "0", 9, 9),
        new("BE", 32, "00", "0", 8, 9),
        new("FR", 33, "00", "0", 9, 9),
        new("ES", 34, "00", "", 9, 9),
        new("GI", 350, "00", "", 8, 8),
        new("PT", 351, "00", "", 9, 9),
        new("LU", 352, "00", "", 4, 11),
        new("IE", 353, "00", "0", 7, 9),
        new("IS", 354, "00", "", 7, 9),
        new("AL", 355),
        new("MT", 356, "00", "", 8, 8),
        new("CY", 357, "00", "", 8, 8),
        new("FI", 358, "00", "0", 5, 12),
        new("AX", 358, "00", "0", 5, 12, false),
        new("BG", 359, "00", "0", 6, 9),
        new("HU", 36, "00", "06", 8, 9),
        new("LT", 370, "00", "0", 8, 8),
        new("LV", 371, "00", "", 8, 8),
        new("EE", 372, "00", "", 7, 8),
        new("MD", 373),
        new("AM", 374),
        new("BY", 375, "810", "8"),
        new("AD", 376, "00", "", 6, 9),
        new("MC", 377, "00", "", 8, 9),
        new("SM", 378, "00", "", 6, 10),
        new("UA", 380),
        new("RS", 381),
        new("ME", 382),
        new("XK", 383),
        new("HR", 385, "00", "0", 6, 9),
        new("SI", 386, "00", "0", 8, 8),
        new("BA", 387),
        new("MK", 389),
        new("IT", 39, "00", "", 6, 11),
        new("VA", 39, "00", "", 6, 11, false),

        // Zone 4: Europe.
        new("RO", 40, "00", "0", 9, 9),
        new("CH", 41, "00", "0", 9, 9),
        new("CZ", 420, "00", "", 9, 9),
        new("SK", 421, "00", "0", 9, 9),
        new("LI", 423, "00", "", 7, 9),
        new("AT", 43, "00", "0", 4, 13),
        new("GB", 44, "00", "0", 9, 10),
        new("GG", 44, "00", "0", 9, 10, false),
        new("JE", 44, "00", "0", 9, 10, false),
        new("IM", 44, "00", "0", 9, 10, false),
        new("DK", 45, "00", "", 8, 8),
        new("SE", 46, "00", "0", 7, 10),
        new("NO", 47, "00", "", 8, 8),
        new("SJ", 47, "00", "", 8, 8, false),
        new("PL", 48, "00", "", 9, 9),
        new("DE", 49, "00", "0", 6, 13),

        // Zone 5: Central and South America.
        new("FK", 500, "00", ""),
        new("BZ", 501, "00", ""),
        new("GT", 502, "00", "", 8, 8),
        new("SV", 503, "00", "", 8, 8),
        new("HN", 504, "00", "", 8, 8),
        new("NI", 505, "00", "", 8, 8),
        new("CR", 506, "00", "", 8, 8),
        new("PA", 507, "00", ""),
        new("PM", 508, "00", "0", 6, 6),
        new("HT", 509, "00", "", 8, 8),
        new("PE", 51),
        new("MX", 52, "00", "", 10, 10),
        new("CU", 53, "119", "0"),
        new("AR", 54),
        new("BR", 55, "00", "0", 10, 11),
        new("CL", 56, "00", ""),
        new("CO", 57, "00", "0"),
        new("VE", 58),
        new("GP", 590, "00", "0", 9, 9),
        new("BL", 590, "00", "0", 9, 9, false),
        new("MF", 590, "00", "0", 9, 9, false),
        new("BO", 591, "00", "0"),
        new("GY", 592, "001", ""),
        new("EC", 593),
        new("GF", 594, "00", "0", 9, 9),
        new("PY", 595),
        new("MQ", 596, "00", "0", 9, 9),
        new("SR", 597, "00", ""),
        new("UY", 598),
        new("CW", 599, "00", ""),
        new("BQ", 599, "00", "", 0, 0, false),

        // Zone 6: South-East Asia and Oceania.
        new("MY", 60),
        new("AU", 61, "0011", "0", 9, 9),
        new("CX", 61, "0011", "0", 9, 9, false),
        new("CC", 61, "0011", "0", 9, 9, false),
        new("ID", 62, "001", "0"),
        new("PH", 63),
        new("NZ", 64, "00", "0", 8, 10),
        new("SG", 65, "000", "", 8, 8),
        new("TH", 66, "001", "0"),
        new("TL", 670, "00", ""),
        new("NF", 672, "00", ""),
        new("BN", 673, "00", ""),
        new("NR", 674, "00", ""),
        new("PG", 675, "00", ""),
        new("TO", 676, "00", ""),
        new("SB", 677, "00", ""),
        new("VU", 678, "00", ""),
        new("FJ", 679, "00", ""),
        new("PW", 680, "011", ""),
        new("WF", 681, "00", "", 6, 6),
        new("CK", 682, "00", ""),
        new("NU", 683, "00", ""),
        new("WS", 685, "0", ""),
        new("KI", 686, "00", ""),
        new("NC", 687, "00", "", 6, 6),
        new("TV", 688, "00", ""),
        new("PF", 689, "00", "", 8, 8),
        new("TK", 690, "00", ""),
        new("FM", 691, "011", ""),
        new("MH", 692, "011", "1"),

        // Zone 7: Russia and Kazakhstan.
        new("RU", 7, "810", "8", 10, 10),
        new("KZ", 7, "810", "8", 10, 10, false),

        // Zone 8: East Asia and non-geographic services.
        new("001", 800, "", "", 8, 8),
        new("001", 808, "", "", 8, 8),
        new("JP", 81, "010", "0", 9, 10),
        new("KR", 82, "001", "0", 8, 10),
        new("VN", 84),
        new("KP", 850),
        new("HK", 852, "001", "", 8, 8),
        new("MO", 853, "00", "", 8, 8),
        new("KH", 855, "001", "0"),
        new("LA", 856),
        new("CN", 86, "00", "0"),
        new("001", 870, "", ""),
        new("001", 878, "", ""),
        new("BD", 880),
        new("001", 881, "", ""),
        new("001", 882, "", ""),
        new("001", 883, "", ""),
        new("TW", 886, "002", "0"),
        new("001", 888, "", ""),

        // Zone 9: Middle East and West/South Asia.
        new("TR", 90, "00", "0", 10, 10),
        new("IN", 91, "00", "0", 10, 10),
        new("PK", 92),
        new("AF", 93),
        new("LK", 94),
        new("MM", 95),
        new("MV", 960, "00", ""),
        new("LB", 961),
        new("JO", 962),
        new("SY", 963),
        new("IQ", 964),
        new("KW", 965, "00", "", 8, 8),
        new("SA", 966),
        new("YE", 967),
        new("OM", 968, "00", ""),
        new("PS", 970),
        new("AE", 971),
        new("IL", 972, "00", "0", 8, 9),
        new("BH", 973, "00", "", 8, 8),
        new("QA", 974, "00", "", 8, 8),
        new("BT", 975, "00", ""),
        new("MN", 976, "001", "0"),
        new("NP", 977),
        new("001", 979, "", ""),
        new("IR", 98),
        new("TJ", 992, "810", "8"),
        new("TM", 993, "810", "8"),
        new("AZ", 994),
        new("GE", 995),
        new("KG", 996),
        new("UZ", 998, "00", ""),
    ];

    private static readonly FrozenDictionary<string, CountryInfo> _byRegion = _all
        .Where(c => c.RegionCode != "001")
        .ToFrozenDictionary(c => c.RegionCode, StringComparer.OrdinalIgnoreCase);

    private static readonly CountryInfo?[] _byCallingCode = BuildCallingCodeIndex();

    /// <summary>Every entry of the table, main and secondary regions.</summary>
    public static IReadOnlyList<CountryInfo> All => _all;

    /// <summary>Finds a country by its ISO 3166 alpha-2 code (case-insensitive).</summary>
    public static bool TryGetByRegion(string? regionCode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CountryInfo? country)
    {
        if (regionCode is null)
        {
            country = null;
            return false;
        }

        return _byRegion.TryGetValue(regionCode.Trim(), out country);
    }

    /// <summary>The main region of a calling code (US for 1, GB for 44), or null when the code is not assigned.</summary>
    public static CountryInfo? GetByCallingCode(int callingCode) =>
        callingCode is > 0 and < 1000 ? _byCallingCode[callingCode] : null;

    /// <summary>
    /// Reads the calling code at the start of international digits (E.164 codes are prefix-free: 1 to 3 digits).
    /// </summary>
    internal static CountryInfo? MatchCallingCode(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty || digits[0] == '0')
        {
            return null;
        }

        var code = 0;
        for (var i = 0; i < 3 && i < digits.Length; i++)
        {
            code = (code * 10) + (digits[i] - '0');
            if (_byCallingCode[code] is { } country)
            {
                return country;
            }
        }

        return null;
    }

    private static CountryInfo?[] BuildCallingCodeIndex()
    {
        var index = new CountryInfo?[1000];
        foreach (var country in _all)
        {
            if (country.IsMainRegion && index[country.CallingCode] is null)
            {
                index[country.CallingCode] = country;
            }
        }

        return index;
    }
}
