using CtiConnector.PhoneNumbers;

namespace CtiConnector.Core.Numbers;

/// <summary>
/// The product <see cref="INumberNormalizer"/>, backed by <see cref="PhoneNumberParser"/>: E.164 when the number
/// normalises, and as match key the suffix key ("last N digits", what the stores' fallback compares), or the dial
/// string for extensions and service codes that have neither.
/// </summary>
public sealed class PhoneNumberNormalizer : INumberNormalizer
{
    private readonly PhoneNumberParser _parser;

    public PhoneNumberNormalizer(PhoneNumberParser parser) => _parser = parser;

    /// <summary>A normaliser for <paramref name="defaultCountry"/> (ISO code, e.g. <c>FR</c>).</summary>
    public static PhoneNumberNormalizer ForCountry(string defaultCountry) =>
        new(new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = defaultCountry }));

    public NormalizedNumber Normalize(string raw)
    {
        if (!_parser.TryParse(raw, out var number) || !number.IsValid)
        {
            return default;
        }

        var matchKey = number.SuffixKey ?? (number.E164 is null ? number.MatchKey : null);
        return new NormalizedNumber(number.E164, matchKey);
    }
}
