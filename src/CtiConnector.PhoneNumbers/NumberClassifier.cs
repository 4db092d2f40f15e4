namespace CtiConnector.PhoneNumbers;

/// <summary>
/// Tells fixed, mobile, VoIP and special ranges apart from the leading digits of a national
/// significant number, for the plans we know (France and its overseas departments, North America,
/// the United Kingdom, Belgium, Switzerland, Spain, Germany, Italy, the Maghreb).
/// </summary>
internal static class NumberClassifier
{
    public static PhoneNumberKind Classify(CountryInfo country, ReadOnlySpan<char> nsn) => country.CallingCode switch
    {
        33 => French(nsn),
        262 or 590 or 594 or 596 => FrenchOverseas(nsn),
        1 => Nanp(nsn),
        44 => British(nsn),
        32 => Belgian(nsn),
        41 => Swiss(nsn),
        34 => Spanish(nsn),
        49 => German(nsn),
        39 => nsn[0] == '3' ? PhoneNumberKind.Mobile : nsn[0] == '0' ? PhoneNumberKind.FixedLine : PhoneNumberKind.Unknown,
        212 => Moroccan(nsn),
        213 => Algerian(nsn),
        216 => Tunisian(nsn),
        _ => PhoneNumberKind.Unknown,
    };

    // ARCEP plan: 1-5 geographic, 6-7 mobile, 8 special (800-805 free), 9 VoIP / box lines.
    private static PhoneNumberKind French(ReadOnlySpan<char> nsn) => nsn[0] switch
    {
        >= '1' and <= '5' => PhoneNumberKind.FixedLine,
        '6' or '7' => PhoneNumberKind.Mobile,
        '8' => nsn.Length > 2 && nsn[1] == '0' && nsn[2] <= '5' ? PhoneNumberKind.TollFree : PhoneNumberKind.Special,
        '9' => PhoneNumberKind.Voip,
        _ => PhoneNumberKind.Unknown,
    };

    // Réunion, Mayotte, Guadeloupe, Guyane, Martinique: the NSN repeats the region (262, 590...) for fixed
    // lines; mobiles are 69x (or 639 in Mayotte), VoIP 9xx.
    private static PhoneNumberKind FrenchOverseas(ReadOnlySpan<char> nsn) => nsn[0] switch
    {
        '2' or '5' => PhoneNumberKind.FixedLine,
        '6' => PhoneNumberKind.Mobile,
        '9' => PhoneNumberKind.Voip,
        '8' => PhoneNumberKind.Special,
        _ => PhoneNumberKind.Unknown,
    };

    private static PhoneNumberKind Nanp(ReadOnlySpan<char> nsn) => nsn[..3] switch
    {
        "800" or "833" or "844" or "855" or "866" or "877" or "888" => PhoneNumberKind.TollFree,
        "900" => PhoneNumberKind.Special,
        _ => PhoneNumberKind.FixedLineOrMobile,
    };

    private static PhoneNumberKind British(ReadOnlySpan<char> nsn) => nsn[0] switch
    {
        '1' or '2' => PhoneNumberKind.FixedLine,
        '7' => nsn.Length > 1 && nsn[1] is not '0' and not '6' ? PhoneNumberKind.Mobile : PhoneNumberKind.Special,
        '8' => nsn.StartsWith("80") ? PhoneNumberKind.TollFree : PhoneNumberKind.Special,
        '5' => PhoneNumberKind.Voip,
        '3' or '9' => PhoneNumberKind.Special,
        _ => PhoneNumberKind.Unknown,
    };

    private static PhoneNumberKind Belgian(ReadOnlySpan<char> nsn) =>
        nsn.Length == 9 && nsn[0] == '4' ? PhoneNumberKind.Mobile
        : nsn.StartsWith("800") ? PhoneNumberKind.TollFree
        : nsn.StartsWith("70") || nsn.StartsWith("78") || nsn.StartsWith("90") ? PhoneNumberKind.Special
        : PhoneNumberKind.FixedLine;

    private static PhoneNumberKind Swiss(ReadOnlySpan<char> nsn) =>
        nsn[0] == '7' && nsn.Length > 1 && nsn[1] >= '5' ? PhoneNumberKind.Mobile
        : nsn.StartsWith("800") ? PhoneNumberKind.TollFree
        : nsn[0] is '8' or '9' ? PhoneNumberKind.Special
        : PhoneNumberKind.FixedLine;

    private static PhoneNumberKind Spanish(ReadOnlySpan<char> nsn) =>
        nsn.StartsWith("900") ? PhoneNumberKind.TollFree
        : nsn[0] is '6' or '7' ? PhoneNumberKind.Mobile
        : nsn[0] is '8' or '9' ? PhoneNumberKind.FixedLine
        : PhoneNumberKind.Unknown;

    private static PhoneNumberKind German(ReadOnlySpan<char> nsn) =>
        nsn.StartsWith("15") || nsn.StartsWith("16") || nsn.StartsWith("17") ? PhoneNumberKind.Mobile
        : nsn.StartsWith("800") ? PhoneNumberKind.TollFree
        : nsn.StartsWith("32") ? PhoneNumberKind.Voip
        : nsn[0] is >= '2' and <= '9' ? PhoneNumberKind.FixedLine
        : PhoneNumberKind.Unknown;

    private static PhoneNumberKind Moroccan(ReadOnlySpan<char> nsn) => nsn[0] switch
    {
        '5' => PhoneNumberKind.FixedLine,
        '6' or '7' => PhoneNumberKind.Mobile,
        '8' => PhoneNumberKind.Special,
        _ => PhoneNumberKind.Unknown,
    };

    private static PhoneNumberKind Algerian(ReadOnlySpan<char> nsn) =>
        nsn.Length == 9 && nsn[0] is '5' or '6' or '7' ? PhoneNumberKind.Mobile
        : nsn.Length == 8 && nsn[0] is >= '2' and <= '4' ? PhoneNumberKind.FixedLine
        : PhoneNumberKind.Unknown;

    private static PhoneNumberKind Tunisian(ReadOnlySpan<char> nsn) => nsn[0] switch
    {
        '7' or '3' => PhoneNumberKind.FixedLine,
        '2' or '4' or '5' or '9' => PhoneNumberKind.Mobile,
        '8' => PhoneNumberKind.Special,
        _ => PhoneNumberKind.Unknown,
    };
}
