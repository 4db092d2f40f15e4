namespace CtiConnector.PhoneNumbers;

/// <summary>
/// France and its overseas departments share one national plan of 9-digit numbers: from Paris,
/// <c>0692 12 34 56</c> is a Réunion mobile (+262 692 12 34 56), and from Réunion <c>01 23 45 67 89</c>
/// is a Paris line (+33 1 23 45 67 89). The leading digits of the number pick the calling code.
/// </summary>
internal static class FrenchZone
{
    public static bool Contains(int callingCode) => callingCode is 33 or 262 or 590 or 594 or 596;

    /// <summary>The country that owns a 9-digit number of the French plan.</summary>
    public static string RegionOf(ReadOnlySpan<char> nsn) => nsn.Length != 9 ? "FR" : nsn[..3] switch
    {
        "262" or "263" or "692" or "693" => "RE",
        "269" or "639" => "YT",
        "590" or "690" or "691" => "GP",
        "594" or "694" => "GF",
        "596" or "696" or "697" => "MQ",
        _ => "FR",
    };
}
