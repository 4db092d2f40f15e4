namespace CtiConnector.PhoneNumbers;

/// <summary>
/// Reads phone numbers as people type them and networks send them — <c>+33 1 23 45 67 89</c>,
/// <c>01.23.45.67.89</c>, <c>0033123456789</c>, <c>+33 (0)1 23 45 67 89</c>, <c>tel:</c> URIs
/// (RFC 3966) and SIP user parts — and normalises them to E.164 with a default country.
/// Never throws on its input: a number that cannot be read comes back with
/// <see cref="PhoneNumberKind.Invalid"/> and a <see cref="PhoneNumberError"/>.
/// Thread-safe; build one per configuration and share it.
/// </summary>
/// <example>
/// <code>
/// var parser = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "FR", OutsideLinePrefix = "0" });
/// parser.Parse("sip:+33123456789@freephonie.net;user=phone").E164;   // "+33123456789"
/// parser.Parse("00612345678").E164;                                  // "+33612345678" (outside line 0 stripped)
/// parser.Parse("204").IsExtension;                                   // true
/// </code>
/// </example>
public sealed partial class PhoneNumberParser
{
    // Room for an outside-line prefix, an international prefix and the 15 digits E.164 allows.
    private const int MaxDigits = 20;

    // No number, URI or header value carrying one comes near this; longer input is refused before any work.
    private const int MaxInputLength = 512;

    private readonly CountryInfo _country;
    private readonly string _outsideLinePrefix;
    private readonly int _matchDigits;
    private readonly int _maxExtensionLength;

    /// <summary>Creates a parser for France, without an outside-line prefix.</summary>
    public PhoneNumberParser()
        : this(new PhoneNumberOptions())
    {
    }

    /// <summary>Creates a parser with the given options.</summary>
    /// <exception cref="ArgumentException">The default country is not an ISO code in <see cref="CountryTable"/>, or a limit is out of range.</exception>
    public PhoneNumberParser(PhoneNumberOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!CountryTable.TryGetByRegion(options.DefaultCountry, out var country))
        {
            throw new ArgumentException($"Unknown default country '{options.DefaultCountry}'.", nameof(options));
        }

        if (options.MatchDigits is < 4 or > 15)
        {
            throw new ArgumentException("MatchDigits must be between 4 and 15.", nameof(options));
        }

        if (options.MaxExtensionLength is < 0 or > 10)
        {
            throw new ArgumentException("MaxExtensionLength must be between 0 and 10.", nameof(options));
        }

        var outside = options.OutsideLinePrefix?.Trim() ?? string.Empty;
        if (outside.Length > 4 || !outside.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("OutsideLinePrefix must be up to 4 digits.", nameof(options));
        }

        Options = options;
        _country = country;
        _outsideLinePrefix = outside;
        _matchDigits = options.MatchDigits;
        _maxExtensionLength = options.MaxExtensionLength;
    }

    /// <summary>The options this parser was built with.</summary>
    public PhoneNumberOptions Options { get; }

    /// <summary>The country of numbers written without a country code.</summary>
    public CountryInfo DefaultCountry => _country;

    /// <summary>Reads <paramref name="input"/>; never throws. Check <see cref="PhoneNumber.Kind"/> or <see cref="PhoneNumber.E164"/>.</summary>
    public PhoneNumber Parse(string? input)
    {
        input ??= string.Empty;
        return ParseCore(input);
    }

    /// <summary>Reads <paramref name="input"/>; false when it is not a phone number (the reason is in <see cref="PhoneNumber.Error"/>).</summary>
    public bool TryParse(string? input, out PhoneNumber number)
    {
        number = Parse(input);
        return number.IsValid;
    }

    /// <summary>The E.164 form of <paramref name="input"/>, or null when it has none (extension, service code, unreadable).</summary>
    public string? Normalize(string? input) => Parse(input).E164;

    private PhoneNumber ParseCore(string raw)
    {
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return Invalid(raw, PhoneNumberError.Empty);
        }

        if (text.Length > MaxInputLength)
        {
            return Invalid(raw, PhoneNumberError.TooLong);
        }

        // A header value such as "Alice" <sip:+33123456789@host>: keep what is inside the angle brackets.
        var open = text.IndexOf('<');
        if (open >= 0)
        {
            var close = text.LastIndexOf('>');
            if (close > open)
            {
                text = text[(open + 1)..close].Trim();
            }
        }

        string? context = null;
        string? extension = null;
        if (TryStripUri(ref text, ref context, ref extension, out var uriError) && uriError != PhoneNumberError.None)
        {
            return Invalid(raw, uriError);
        }

        text = StripExtension(text, ref extension);
        var number = ParseDigits(raw, text, context);
        if (extension is not null && number.IsValid)
        {
            number.Extension = extension;
        }

        return number;
    }

    private PhoneNumber ParseDigits(string raw, ReadOnlySpan<char> text, string? context)
    {
        Span<char> digits = stackalloc char[MaxDigits];
        var error = Tokenize(text, digits, out var count, out var plus, out var service);
        if (error != PhoneNumberError.None)
        {
            return Invalid(raw, error);
        }

        var number = digits[..count];
        if (service)
        {
            return new PhoneNumber(raw, PhoneNumberKind.ServiceCode, PhoneNumberError.None,
                plus ? string.Concat("+", number) : number.ToString(), _country, _matchDigits);
        }

        if (!plus && !string.IsNullOrEmpty(context))
        {
            return ResolveInContext(raw, number, context);
        }

        // "+0033 1 23 45 67 89": a '+' typed in front of the international prefix.
        var idd = _country.InternationalPrefix;
        if (plus && idd.Length > 0 && number.StartsWith(idd))
        {
            number = number[idd.Length..];
        }

        return plus ? ResolveInternational(raw, number) : ResolveLocal(raw, number);
    }

    private PhoneNumber ResolveInContext(string raw, ReadOnlySpan<char> number, ReadOnlySpan<char> context)
    {
        // RFC 3966 §5.1.5: a global-number-digits context names the country (and possibly more) the local number lives in.
        if (CountryTable.MatchCallingCode(context) is { } contextCountry && context.Length == contextCountry.CallingCodeText.Length)
        {
            if (TryNational(raw, contextCountry, number) is { } national)
            {
                return national;
            }
        }

        if (context.Length + number.Length > MaxDigits)
        {
            return Invalid(raw, PhoneNumberError.TooLong);
        }

        Span<char> joined = stackalloc char[context.Length + number.Length];
        context.CopyTo(joined);
        number.CopyTo(joined[context.Length..]);
        return ResolveInternational(raw, joined);
    }

    private PhoneNumber ResolveLocal(string raw, ReadOnlySpan<char> digits)
    {
        // Short numbers are extensions (or short service numbers) and never turn into a long number.
        if (digits.Length <= _maxExtensionLength)
        {
            return new PhoneNumber(raw, PhoneNumberKind.Extension, PhoneNumberError.None, digits.ToString(), _country, _matchDigits);
        }

        if (TryNational(raw, _country, digits) is { } national)
        {
            return national;
        }

        // PBX outside line: only when the rest is a complete external number.
        if (_outsideLinePrefix.Length > 0 && digits.StartsWith(_outsideLinePrefix)
            && TryNational(raw, _country, digits[_outsideLinePrefix.Length..]) is { } outside)
        {
            return outside;
        }

        // Some trunks send the country code without '+' or international prefix (33123456789).
        if (digits.StartsWith(_country.CallingCodeText)
            && TryInternational(raw, digits) is { } international)
        {
            return international;
        }

        return digits.Length > 15 + _outsideLinePrefix.Length + _country.InternationalPrefix.Length
            ? Invalid(raw, PhoneNumberError.TooLong)
            : new PhoneNumber(raw, PhoneNumberKind.Unknown, PhoneNumberError.None, digits.ToString(), _country, _matchDigits);
    }

    private PhoneNumber? TryNational(string raw, CountryInfo country, ReadOnlySpan<char> digits)
    {
        var idd = country.InternationalPrefix;
        if (idd.Length > 0 && digits.StartsWith(idd))
        {
            return TryInternational(raw, digits[idd.Length..]);
        }

        var trunk = country.TrunkPrefix;
        if (trunk.Length > 0 && digits.StartsWith(trunk) && country.IsPossibleNsn(digits[trunk.Length..]))
        {
            return Make(raw, country, digits[trunk.Length..]);
        }

        // Without trunk prefix: the normal form where there is none (Spain, Italy, North America's 10 digits);
        // elsewhere only when the plan's length is known, so that a stray digit string is not made up into a number.
        // A significant number never starts with 0 where 0 is the trunk prefix.
        var trunkless = trunk.Length == 0 || (country.KnowsLength && digits[0] != '0');
        if (trunkless && country.IsPossibleNsn(digits))
        {
            return Make(raw, country, digits);
        }

        return null;
    }

    private PhoneNumber ResolveInternational(string raw, ReadOnlySpan<char> digits)
    {
        if (TryInternational(raw, digits) is { } number)
        {
            return number;
        }

        var country = CountryTable.MatchCallingCode(digits);
        if (country is null)
        {
            return Invalid(raw, digits.Length < 2 ? PhoneNumberError.TooShort : PhoneNumberError.UnknownCountryCode);
        }

        var nsnLength = digits.Length - country.CallingCodeText.Length;
        return Invalid(raw, nsnLength < country.MinLength ? PhoneNumberError.TooShort : PhoneNumberError.TooLong);
    }

    private PhoneNumber? TryInternational(string raw, ReadOnlySpan<char> digits)
    {
        if (CountryTable.MatchCallingCode(digits) is not { } country)
        {
            return null;
        }

        var nsn = digits[country.CallingCodeText.Length..];

        // "+33 (0)1 ..." written without the parentheses, or "+44 020 ...": a trunk prefix after the country code.
        // Significant numbers never start with 0 where a trunk prefix exists; other trunk digits (Russia's 8) can
        // start a number, so they are stripped only when the number is too long with them.
        var trunk = country.TrunkPrefix;
        if (trunk.Length > 0 && nsn.StartsWith(trunk) && country.IsPossibleNsn(nsn[trunk.Length..])
            && (nsn[0] == '0' || !country.IsPossibleNsn(nsn)))
        {
            return Make(raw, country, nsn[trunk.Length..]);
        }

        if (country.IsPossibleNsn(nsn) && (trunk.Length == 0 || nsn[0] != '0'))
        {
            return Make(raw, country, nsn);
        }

        return null;
    }

    private PhoneNumber Make(string raw, CountryInfo country, ReadOnlySpan<char> nsn)
    {
        var region = country.RegionCode;
        if (country.IsNanp)
        {
            region = NanpRegions.RegionOf(nsn);
        }
        else if (FrenchZone.Contains(country.CallingCode) && FrenchZone.RegionOf(nsn) is var zoneRegion
            && zoneRegion != country.RegionCode && CountryTable.TryGetByRegion(zoneRegion, out var zone))
        {
            country = zone;
            region = zone.RegionCode;
        }

        var kind = NumberClassifier.Classify(country, nsn);
        return new PhoneNumber(raw, kind, PhoneNumberError.None, string.Empty, _country, _matchDigits, country, nsn.ToString(), region);
    }

    private PhoneNumber Invalid(string raw, PhoneNumberError error) =>
        new(raw, PhoneNumberKind.Invalid, error, raw.Trim(), _country, _matchDigits);
}
