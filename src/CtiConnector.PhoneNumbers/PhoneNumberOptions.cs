namespace CtiConnector.PhoneNumbers;

/// <summary>
/// How <see cref="PhoneNumberParser"/> reads numbers that do not say which country they belong to.
/// </summary>
public sealed class PhoneNumberOptions
{
    /// <summary>ISO 3166 alpha-2 code of the user's country (e.g. <c>FR</c>); numbers without a country code belong to it.</summary>
    public string DefaultCountry { get; init; } = "FR";

    /// <summary>
    /// The PBX outside-line prefix (e.g. <c>0</c> or <c>9</c>), or null when the line is not behind a PBX.
    /// It is stripped only when what follows is a complete external number.
    /// </summary>
    public string? OutsideLinePrefix { get; init; }

    /// <summary>How many trailing significant digits make the fallback match key (default 9).</summary>
    public int MatchDigits { get; init; } = 9;

    /// <summary>Digit strings up to this length (without <c>+</c>) are extensions, never normalised (default 6).</summary>
    public int MaxExtensionLength { get; init; } = 6;
}
