namespace CtiConnector.PhoneNumbers;

/// <summary>
/// A phone number as read by <see cref="PhoneNumberParser"/>: what was received, its E.164 form
/// when it could be normalised, what kind of number it is, and the keys and forms used to match
/// it against a directory and show it to the user.
/// </summary>
/// <example>
/// <code>
/// var number = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "FR" }).Parse("01.23.45.67.89");
/// // number.E164 == "+33123456789", number.Kind == PhoneNumberKind.FixedLine
/// // number.ToDisplayString() == "01 23 45 67 89", number.ToNational() == "0123456789"
/// </code>
/// </example>
public sealed class PhoneNumber : IEquatable<PhoneNumber>
{
    private readonly CountryInfo? _country;
    private readonly CountryInfo _userCountry;
    private readonly int _matchDigits;

    internal PhoneNumber(
        string raw,
        PhoneNumberKind kind,
        PhoneNumberError error,
        string dialString,
        CountryInfo userCountry,
        int matchDigits,
        CountryInfo? country = null,
        string? nsn = null,
        string? regionCode = null)
    {
        Raw = raw;
        Kind = kind;
        Error = error;
        DialString = dialString;
        _userCountry = userCountry;
        _matchDigits = matchDigits;
        _country = country;
        NationalSignificantNumber = nsn;
        if (country is not null && nsn is not null)
        {
            E164 = string.Concat("+", country.CallingCodeText, nsn);
            DialString = E164;
            RegionCode = regionCode ?? country.RegionCode;
        }
    }

    /// <summary>The input, as received.</summary>
    public string Raw { get; }

    /// <summary>The E.164 form (<c>+33123456789</c>), or null for extensions, service codes and unreadable numbers.</summary>
    public string? E164 { get; }

    /// <summary>
    /// Digits to dial once the call is answered, written after the number (<c>poste 12</c>, <c>ext. 12</c>,
    /// <c>x12</c>, RFC 3966 <c>;ext=12</c>), or null. Not part of <see cref="E164"/> nor of the match keys.
    /// </summary>
    public string? Extension { get; internal set; }

    /// <summary>What kind of number this is.</summary>
    public PhoneNumberKind Kind { get; }

    /// <summary>Why the input was refused (<see cref="PhoneNumberError.None"/> unless <see cref="Kind"/> is Invalid).</summary>
    public PhoneNumberError Error { get; }

    /// <summary>True for a short internal number: it is dialled as it is and never normalised.</summary>
    public bool IsExtension => Kind == PhoneNumberKind.Extension;

    /// <summary>True when the number has an E.164 form.</summary>
    public bool HasE164 => E164 is not null;

    /// <summary>False only when the input is not a phone number at all.</summary>
    public bool IsValid => Kind != PhoneNumberKind.Invalid;

    /// <summary>The country calling code (<c>33</c>), or 0 when unknown.</summary>
    public int CountryCode => E164 is null ? 0 : _country!.CallingCode;

    /// <summary>ISO region of the number (<c>FR</c>; <c>CA</c> for a Canadian +1 number; <c>001</c> for global services), or null.</summary>
    public string? RegionCode { get; }

    /// <summary>The digits after the country code (<c>123456789</c>), or null.</summary>
    public string? NationalSignificantNumber { get; }

    /// <summary>
    /// What to put in a dial string or a SIP user part: the E.164 form when there is one,
    /// otherwise the digits (and <c>* #</c>) as received, without separators.
    /// </summary>
    public string DialString { get; }

    /// <summary>
    /// The exact directory key: the E.164 form, or the dial string for extensions and numbers
    /// that could not be normalised; null for invalid input.
    /// </summary>
    public string? MatchKey => Kind == PhoneNumberKind.Invalid ? null : E164 ?? DialString;

    /// <summary>
    /// The fallback directory key: the last <see cref="PhoneNumberOptions.MatchDigits"/> significant digits,
    /// or null when the number has fewer significant digits than that (and for extensions and service codes).
    /// </summary>
    public string? SuffixKey
    {
        get
        {
            var significant = NationalSignificantNumber
                ?? (Kind == PhoneNumberKind.Unknown ? DialString.TrimStart('+') : null);
            return significant is null || significant.Length < _matchDigits
                ? null
                : significant[^_matchDigits..];
        }
    }

    /// <summary>
    /// The number as the user expects to read it: national form for numbers of the user's country
    /// (<c>01 23 45 67 89</c>, <c>(212) 555-0123</c>), international form for others (<c>+44 20 7946 0958</c>).
    /// </summary>
    public string ToDisplayString() => ToDisplayString(_userCountry);

    /// <summary>
    /// Same as <see cref="ToDisplayString()"/> for a user in another country (ISO code); an unknown code
    /// falls back to the parser's default country.
    /// </summary>
    public string ToDisplayString(string userRegion) =>
        ToDisplayString(CountryTable.TryGetByRegion(userRegion, out var user) ? user : _userCountry);

    /// <summary>The international form with groups (<c>+33 1 23 45 67 89</c>), or the dial string when there is no E.164 form.</summary>
    public string ToInternationalString() =>
        NationalSignificantNumber is { } nsn ? PhoneNumberFormatter.International(_country!, nsn) : DialString;

    /// <summary>
    /// The national digits of the number's own country, without separators, as a URL template's
    /// <c>{national}</c>: trunk prefix and significant number (<c>0123456789</c>); 10 digits in North America.
    /// Extensions and unreadable numbers give their digits.
    /// </summary>
    public string ToNational()
    {
        if (NationalSignificantNumber is not { } nsn)
        {
            return DialString;
        }

        return _country!.IsNanp ? nsn : string.Concat(_country.TrunkPrefix, nsn);
    }

    /// <inheritdoc />
    public override string ToString() => E164 ?? DialString;

    /// <inheritdoc />
    public bool Equals(PhoneNumber? other) =>
        other is not null && Kind == other.Kind && string.Equals(MatchKey ?? Raw, other.MatchKey ?? other.Raw, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PhoneNumber);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, MatchKey ?? Raw);

    private string ToDisplayString(CountryInfo user)
    {
        if (NationalSignificantNumber is not { } nsn)
        {
            return DialString;
        }

        var sameCountry = _country!.CallingCode == user.CallingCode
            || (FrenchZone.Contains(_country.CallingCode) && FrenchZone.Contains(user.CallingCode));
        return sameCountry
            ? PhoneNumberFormatter.National(_country, nsn)
            : PhoneNumberFormatter.International(_country, nsn);
    }
}
