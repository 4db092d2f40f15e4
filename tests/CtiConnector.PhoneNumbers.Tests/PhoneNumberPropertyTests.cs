using System.Text;
using System.Text.RegularExpressions;

namespace CtiConnector.PhoneNumbers.Tests;

/// <summary>
/// Properties checked over many generated inputs (a seeded generator, so a failure is reproducible):
/// parsing never throws, E.164 output is well-formed, and every output form reads back to the same number.
/// FsCheck is not restorable here, so the generators are written by hand.
/// </summary>
public partial class PhoneNumberPropertyTests
{
    private const string Alphabet = "0123456789 +-.()/*#;:@<>%=abcXYZ\t\u00A0\u2013é";

    private static readonly string[] _homes = ["FR", "US", "GB", "DE", "BE", "CH", "ES", "IT", "MA", "DZ", "TN", "RE", "RU", "JP"];

    private static readonly string[] _prefixes = ["", "+", "00", "0", "tel:", "sip:", "tel:+", "sip:+", "9", "011"];

    [Fact]
    public void ParsingArbitraryTextNeverThrowsAndOnlyYieldsWellFormedE164()
    {
        var random = new Random(20261122);
        var parsers = _homes.Select(home => new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = home, OutsideLinePrefix = "0" })).ToArray();
        var normalised = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var text = _prefixes[random.Next(_prefixes.Length)] + RandomText(random);
            var number = parsers[random.Next(parsers.Length)].Parse(text);

            Assert.Equal(text, number.Raw);
            Assert.True(Enum.IsDefined(number.Kind));
            Assert.Equal(number.Kind == PhoneNumberKind.Invalid, number.Error != PhoneNumberError.None);
            if (number.E164 is { } e164)
            {
                normalised++;
                Assert.Matches(E164Shape(), e164);
                Assert.Equal(e164, "+" + number.CountryCode + number.NationalSignificantNumber);
                Assert.Equal(e164, number.MatchKey);
            }
        }

        Assert.InRange(normalised, 100, 30_000);
    }

    [Fact]
    public void EveryFrenchNumberReadsBackFromItsDisplayNationalAndInternationalForms()
    {
        var random = new Random(33);
        var france = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "FR" });
        var abroad = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "US" });
        for (var i = 0; i < 5_000; i++)
        {
            var nsn = (char)('1' + random.Next(9)) + RandomDigits(random, 8);
            var number = france.Parse("0" + nsn);

            Assert.NotNull(number.E164);
            Assert.Equal(number.E164, france.Parse(number.E164).E164);
            Assert.Equal(number.E164, france.Parse(number.ToDisplayString()).E164);
            Assert.Equal(number.E164, france.Parse(number.ToNational()).E164);
            Assert.Equal(number.E164, abroad.Parse(number.ToInternationalString()).E164);
            Assert.Equal(number.E164, abroad.Parse("011" + number.E164[1..]).E164);
            Assert.Equal(nsn[^9..], number.SuffixKey);
        }
    }

    [Fact]
    public void NumbersOfEveryCountryWithAKnownPlanReadBackFromTheirOwnForms()
    {
        var random = new Random(164);
        // Plans of 6-digit numbers (Faroe, New Caledonia...) are left out: dialled locally they read as extensions.
        var countries = CountryTable.All.Where(c => c.KnowsLength && c.MaxLength > 6 && c.IsMainRegion && c.RegionCode != "001").ToList();
        Assert.InRange(countries.Count, 60, 250);
        var international = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "FR" });
        foreach (var country in countries)
        {
            var local = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = country.RegionCode });
            for (var i = 0; i < 200; i++)
            {
                var length = random.Next(Math.Max(country.MinLength, 7), country.MaxLength + 1);
                var nsn = (char)('2' + random.Next(8)) + RandomDigits(random, length - 1);
                if (country.IsNanp)
                {
                    nsn = string.Concat(nsn.AsSpan(0, 3), ((char)('2' + random.Next(8))).ToString(), nsn.AsSpan(4));
                }

                var number = international.Parse("+" + country.CallingCodeText + " " + nsn);

                Assert.True(number.E164 is not null, $"{country}: +{country.CallingCodeText} {nsn} gave {number.Error}");
                Assert.Equal(number.E164, local.Parse(number.ToNational()).E164);
                Assert.Equal(number.E164, local.Parse(number.ToDisplayString(country.RegionCode)).E164);
                Assert.Equal(number.E164, international.Parse(number.ToInternationalString()).E164);
            }
        }
    }

    [Fact]
    public void ShortDigitStringsAreAlwaysExtensionsWhateverTheOutsideLine()
    {
        var random = new Random(6);
        foreach (var outside in new[] { null, "0", "9" })
        {
            var parser = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "FR", OutsideLinePrefix = outside });
            for (var i = 0; i < 2_000; i++)
            {
                var digits = RandomDigits(random, random.Next(1, 7));
                var number = parser.Parse(digits);

                Assert.Equal(PhoneNumberKind.Extension, number.Kind);
                Assert.Equal(digits, number.DialString);
                Assert.Null(number.E164);
            }
        }
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 24);
        for (var i = 0; i < length; i++)
        {
            // Mostly digits, so that many inputs are near-numbers.
            builder.Append(random.Next(3) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)('0' + random.Next(10)));
        }

        return builder.ToString();
    }

    private static string RandomDigits(Random random, int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        return new string(digits);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164Shape();
}
