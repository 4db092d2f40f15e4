namespace CtiConnector.PhoneNumbers.Tests;

public class PhoneNumberTests
{
    private static readonly PhoneNumberParser _france = new(new PhoneNumberOptions { DefaultCountry = "FR" });

    [Fact]
    public void MatchKeyIsTheE164FormOfANormalisedNumber()
    {
        Assert.Equal("+33123456789", _france.Parse("01 23 45 67 89").MatchKey);
    }

    [Fact]
    public void SuffixKeyIsTheLastNineSignificantDigitsByDefault()
    {
        Assert.Equal("123456789", _france.Parse("+33 1 23 45 67 89").SuffixKey);
        Assert.Equal("079460958", _france.Parse("+44 20 7946 0958").SuffixKey);
    }

    [Fact]
    public void SuffixKeyHonoursTheConfiguredDigitCount()
    {
        var parser = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "FR", MatchDigits = 7 });

        Assert.Equal("3456789", parser.Parse("0123456789").SuffixKey);
    }

    [Fact]
    public void SuffixKeyIsNullForNumbersShorterThanTheDigitCount()
    {
        // Danish numbers have 8 significant digits: a 9-digit suffix would borrow the country code.
        var danish = _france.Parse("+45 32 12 34 56");

        Assert.Equal("+4532123456", danish.E164);
        Assert.Null(danish.SuffixKey);
    }

    [Fact]
    public void ExtensionsHaveAnExactKeyButNoSuffixKey()
    {
        var extension = _france.Parse("204");

        Assert.Equal("204", extension.MatchKey);
        Assert.Null(extension.SuffixKey);
        Assert.True(extension.IsExtension);
        Assert.Null(extension.E164);
        Assert.Null(extension.NationalSignificantNumber);
        Assert.Equal(0, extension.CountryCode);
    }

    [Fact]
    public void UnnormalisedLongNumbersKeepTheirDigitsAsKeys()
    {
        var number = _france.Parse("12 34 56 78 90 123");

        Assert.Equal(PhoneNumberKind.Unknown, number.Kind);
        Assert.Equal("1234567890123", number.MatchKey);
        Assert.Equal("567890123", number.SuffixKey);
    }

    [Fact]
    public void InvalidInputHasNoKeys()
    {
        var number = _france.Parse("hello");

        Assert.Null(number.MatchKey);
        Assert.Null(number.SuffixKey);
        Assert.False(number.IsValid);
    }

    [Theory]
    [InlineData(null, PhoneNumberError.Empty)]
    [InlineData("", PhoneNumberError.Empty)]
    [InlineData(" - . ", PhoneNumberError.Empty)]
    [InlineData("01 23 45 67 89 poste douze", PhoneNumberError.InvalidCharacter)]
    [InlineData("+999 1234 5678", PhoneNumberError.UnknownCountryCode)]
    [InlineData("+33 1 23 45", PhoneNumberError.TooShort)]
    [InlineData("+33 1 23 45 67 89 01", PhoneNumberError.TooLong)]
    [InlineData("012345678901234567890123", PhoneNumberError.TooLong)]
    [InlineData("sip:alice@example.com", PhoneNumberError.NotATelephoneUri)]
    [InlineData("sips:example.com", PhoneNumberError.NotATelephoneUri)]
    public void RefusedInputSaysWhy(string? input, PhoneNumberError expected)
    {
        var number = _france.Parse(input);

        Assert.Equal(PhoneNumberKind.Invalid, number.Kind);
        Assert.Equal(expected, number.Error);
        Assert.False(_france.TryParse(input, out _));
    }

    [Fact]
    public void HugeInputIsRefusedAsTooLong()
    {
        var digits = new string('1', 100_000);

        Assert.Equal(PhoneNumberError.TooLong, _france.Parse(digits).Error);
        Assert.Equal(PhoneNumberError.TooLong, _france.Parse("tel:123;phone-context=+" + new string('3', 400)).Error);
        Assert.Equal(PhoneNumberError.TooLong, _france.Parse("sip:" + new string('%', 600) + "@host").Error);
    }

    [Fact]
    public void TryParseAcceptsExtensionsAndServiceCodes()
    {
        Assert.True(_france.TryParse("204", out var extension));
        Assert.Equal(PhoneNumberKind.Extension, extension.Kind);
        Assert.True(_france.TryParse("*31#", out var service));
        Assert.Equal("*31#", service.DialString);
        Assert.Equal(PhoneNumberError.None, service.Error);
    }

    [Fact]
    public void NormalizeReturnsTheE164FormOrNull()
    {
        Assert.Equal("+33612345678", _france.Normalize("06 12 34 56 78"));
        Assert.Null(_france.Normalize("204"));
        Assert.Null(_france.Normalize(null));
    }

    [Fact]
    public void NumbersWrittenDifferentlyAreEqual()
    {
        var a = _france.Parse("01 23 45 67 89");
        var b = _france.Parse("sip:+33123456789@freephonie.net");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, _france.Parse("01 23 45 67 88"));
    }

    [Fact]
    public void DisplayFollowsTheUserCountryWhenAsked()
    {
        var paris = _france.Parse("01 23 45 67 89");

        Assert.Equal("01 23 45 67 89", paris.ToDisplayString());
        Assert.Equal("+33 1 23 45 67 89", paris.ToDisplayString("GB"));
        Assert.Equal("01 23 45 67 89", paris.ToDisplayString("RE"));
        Assert.Equal("01 23 45 67 89", paris.ToDisplayString("nowhere"));
        Assert.Equal("+33 1 23 45 67 89", paris.ToInternationalString());
    }

    [Fact]
    public void NorthAmericanNumbersDisplayInTheirOwnConventionAtHome()
    {
        var number = _france.Parse("+1 212 555 0123");

        Assert.Equal("(212) 555-0123", number.ToDisplayString("US"));
        Assert.Equal("(212) 555-0123", number.ToDisplayString("CA"));
        Assert.Equal("+1 212-555-0123", number.ToDisplayString());
    }

    [Theory]
    [InlineData("+1 416 555 0199", "CA", 1)]
    [InlineData("+1 212 555 0123", "US", 1)]
    [InlineData("+1 876 555 0123", "JM", 1)]
    [InlineData("+44 20 7946 0958", "GB", 44)]
    [InlineData("0639 12 34 56", "YT", 262)]
    [InlineData("0692 12 34 56", "RE", 262)]
    [InlineData("+800 1234 5678", "001", 800)]
    [InlineData("+7 495 123 45 67", "RU", 7)]
    public void RegionAndCountryCodeComeFromTheNumber(string input, string region, int callingCode)
    {
        var number = _france.Parse(input);

        Assert.Equal(region, number.RegionCode);
        Assert.Equal(callingCode, number.CountryCode);
    }

    [Fact]
    public void RussianNumbersStartingWithTheTrunkDigitAreKept()
    {
        var russia = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "RU" });

        Assert.Equal("+78001234567", _france.Parse("+7 800 123 45 67").E164);
        Assert.Equal("+78001234567", russia.Parse("8 800 123 45 67").E164);
        Assert.Equal("+74951234567", _france.Parse("+7 8 495 123 45 67").E164);
    }

    [Theory]
    [InlineData("01 23 45 67 89 poste 12", "12")]
    [InlineData("01 23 45 67 89 Poste: 12", "12")]
    [InlineData("+1 212 555 0123 ext. 4567", "4567")]
    [InlineData("+1 212 555 0123 x4567", "4567")]
    [InlineData("+44 20 7946 0958 extension 9", "9")]
    [InlineData("tel:+33123456789;ext=12", "12")]
    [InlineData("sip:+33123456789;ext=7@host", "7")]
    [InlineData("01 23 45 67 89", null)]
    public void KeepsAWrittenExtensionApartFromTheNumber(string input, string? extension)
    {
        var number = _france.Parse(input);

        Assert.Equal(extension, number.Extension);
        Assert.NotNull(number.E164);
        Assert.Equal(number.E164, number.MatchKey);
    }

    [Fact]
    public void ToStringIsTheE164FormOrTheDialString()
    {
        Assert.Equal("+33123456789", _france.Parse("01 23 45 67 89").ToString());
        Assert.Equal("*31#", _france.Parse("*31#").ToString());
    }

    [Fact]
    public void DefaultParserIsForFranceWithoutOutsideLine()
    {
        var parser = new PhoneNumberParser();

        Assert.Equal("FR", parser.DefaultCountry.RegionCode);
        Assert.Null(parser.Options.OutsideLinePrefix);
        Assert.Equal(9, parser.Options.MatchDigits);
    }

    [Theory]
    [InlineData("XX", null, 9)]
    [InlineData("", null, 9)]
    [InlineData("FR", "a", 9)]
    [InlineData("FR", "12345", 9)]
    [InlineData("FR", null, 2)]
    [InlineData("FR", null, 16)]
    public void BadOptionsAreRefusedAtConstruction(string country, string? outside, int matchDigits)
    {
        var options = new PhoneNumberOptions { DefaultCountry = country, OutsideLinePrefix = outside, MatchDigits = matchDigits };

        var error = Assert.Throws<ArgumentException>(() => new PhoneNumberParser(options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void CountryCodeIsCaseInsensitive()
    {
        var parser = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = " gb " });

        Assert.Equal("+442079460958", parser.Parse("020 7946 0958").E164);
    }
}
