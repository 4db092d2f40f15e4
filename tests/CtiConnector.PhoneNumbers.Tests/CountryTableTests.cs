namespace CtiConnector.PhoneNumbers.Tests;

public class CountryTableTests
{
    // ITU-T E.164 assigned country calling codes (geographic and global services), as a check on the table.
    private static readonly int[] _assigned =
    [
        1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
        60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
        211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236,
        237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258,
        260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299,
        350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 380, 381, 382,
        383, 385, 386, 387, 389, 420, 421, 423,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599,
        670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692,
        800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888,
        960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995,
        996, 998,
    ];

    public static TheoryData<int> Assigned => [.. _assigned];

    [Theory]
    [MemberData(nameof(Assigned))]
    public void EveryAssignedCallingCodeHasAMainRegion(int code)
    {
        var country = CountryTable.GetByCallingCode(code);

        Assert.NotNull(country);
        Assert.Equal(code, country.CallingCode);
        Assert.True(country.IsMainRegion);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(210)]
    [InlineData(259)]
    [InlineData(384)]
    [InlineData(388)]
    [InlineData(422)]
    [InlineData(801)]
    [InlineData(999)]
    [InlineData(1000)]
    public void SpareCallingCodesAreUnknown(int code)
    {
        Assert.Null(CountryTable.GetByCallingCode(code));
    }

    [Fact]
    public void CallingCodesArePrefixFree()
    {
        var codes = CountryTable.All.Select(c => c.CallingCodeText).Distinct().ToList();

        var clashes = codes.SelectMany(a => codes.Where(b => a != b && b.StartsWith(a, StringComparison.Ordinal)).Select(b => $"{a}/{b}"));

        Assert.Empty(clashes);
    }

    [Fact]
    public void TableHoldsEveryAssignedCodeAndNothingElse()
    {
        var inTable = CountryTable.All.Select(c => c.CallingCode).Distinct().Order();

        Assert.Equal(_assigned.Order(), inTable);
    }

    [Fact]
    public void RegionCodesAreUnique()
    {
        var duplicates = CountryTable.All.Where(c => c.RegionCode != "001")
            .GroupBy(c => c.RegionCode).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData("FR", 33, "00", "0", 9, 9)]
    [InlineData("BE", 32, "00", "0", 8, 9)]
    [InlineData("NL", 31, "00", "0", 9, 9)]
    [InlineData("LU", 352, "00", "", 4, 11)]
    [InlineData("DE", 49, "00", "0", 6, 13)]
    [InlineData("AT", 43, "00", "0", 4, 13)]
    [InlineData("IT", 39, "00", "", 6, 11)]
    [InlineData("ES", 34, "00", "", 9, 9)]
    [InlineData("PT", 351, "00", "", 9, 9)]
    [InlineData("IE", 353, "00", "0", 7, 9)]
    [InlineData("DK", 45, "00", "", 8, 8)]
    [InlineData("SE", 46, "00", "0", 7, 10)]
    [InlineData("FI", 358, "00", "0", 5, 12)]
    [InlineData("PL", 48, "00", "", 9, 9)]
    [InlineData("CZ", 420, "00", "", 9, 9)]
    [InlineData("SK", 421, "00", "0", 9, 9)]
    [InlineData("HU", 36, "00", "06", 8, 9)]
    [InlineData("SI", 386, "00", "0", 8, 8)]
    [InlineData("HR", 385, "00", "0", 6, 9)]
    [InlineData("RO", 40, "00", "0", 9, 9)]
    [InlineData("BG", 359, "00", "0", 6, 9)]
    [InlineData("GR", 30, "00", "", 10, 10)]
    [InlineData("CY", 357, "00", "", 8, 8)]
    [InlineData("MT", 356, "00", "", 8, 8)]
    [InlineData("EE", 372, "00", "", 7, 8)]
    [InlineData("LV", 371, "00", "", 8, 8)]
    [InlineData("LT", 370, "00", "0", 8, 8)]
    [InlineData("GB", 44, "00", "0", 9, 10)]
    [InlineData("CH", 41, "00", "0", 9, 9)]
    [InlineData("US", 1, "011", "1", 10, 10)]
    [InlineData("CA", 1, "011", "1", 10, 10)]
    [InlineData("MA", 212, "00", "0", 9, 9)]
    [InlineData("DZ", 213, "00", "0", 8, 9)]
    [InlineData("TN", 216, "00", "", 8, 8)]
    public void CountriesWeServeHaveTheirOwnPrefixesAndLengths(string region, int code, string international, string trunk, int min, int max)
    {
        Assert.True(CountryTable.TryGetByRegion(region, out var country));
        Assert.Equal(code, country.CallingCode);
        Assert.Equal(international, country.InternationalPrefix);
        Assert.Equal(trunk, country.TrunkPrefix);
        Assert.Equal(min, country.MinLength);
        Assert.Equal(max, country.MaxLength);
        Assert.True(country.KnowsLength);
    }

    [Fact]
    public void OtherCountriesGetTheCommonPrefixes()
    {
        Assert.True(CountryTable.TryGetByRegion("PE", out var peru));
        Assert.Equal("00", peru.InternationalPrefix);
        Assert.Equal("0", peru.TrunkPrefix);
        Assert.False(peru.KnowsLength);
        Assert.Equal("PE +51", peru.ToString());
    }

    [Fact]
    public void RegionLookupIgnoresCaseAndRefusesUnknownCodes()
    {
        Assert.True(CountryTable.TryGetByRegion("fr", out var france));
        Assert.Equal(33, france.CallingCode);
        Assert.False(CountryTable.TryGetByRegion("ZZ", out _));
        Assert.False(CountryTable.TryGetByRegion(null, out _));
        Assert.False(CountryTable.TryGetByRegion("001", out _));
    }
}
