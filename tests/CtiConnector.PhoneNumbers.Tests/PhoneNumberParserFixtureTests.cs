namespace CtiConnector.PhoneNumbers.Tests;

public class PhoneNumberParserFixtureTests
{
    public static TheoryData<NumberCase> FrenchVariants => NumberFixtures.Load("numbers-fr-variants.tsv");

    public static TheoryData<NumberCase> Cases => NumberFixtures.Load("numbers-cases.tsv");

    [Theory]
    [MemberData(nameof(FrenchVariants))]
    public void ReadsEveryWayAFrenchNumberIsWritten(NumberCase @case) => Check(@case);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadsForeignLocalPbxServiceAndInvalidNumbersAsListed(NumberCase @case) => Check(@case);

    private static void Check(NumberCase @case)
    {
        var parser = new PhoneNumberParser(new PhoneNumberOptions
        {
            DefaultCountry = @case.Country,
            OutsideLinePrefix = @case.OutsideLine.Length == 0 ? null : @case.OutsideLine,
        });

        var number = parser.Parse(@case.Input);

        Assert.Equal(@case.Input, number.Raw);
        Assert.Equal(@case.E164 == "~" ? null : @case.E164, number.E164);
        Assert.Equal(Enum.Parse<PhoneNumberKind>(@case.Kind), number.Kind);
        if (@case.Display != "*")
        {
            Assert.Equal(@case.Display, number.ToDisplayString());
        }

        if (@case.National != "*")
        {
            Assert.Equal(@case.National, number.ToNational());
        }
    }
}
