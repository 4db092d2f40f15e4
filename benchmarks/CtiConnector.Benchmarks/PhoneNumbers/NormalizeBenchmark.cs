using BenchmarkDotNet.Attributes;
using CtiConnector.PhoneNumbers;

namespace CtiConnector.Benchmarks.PhoneNumbers;

/// <summary>
/// Cost of reading one caller number on the screen-pop path: the forms an incoming INVITE or a CRM
/// click actually carries, normalised with a French default country behind a PBX (outside line 0).
/// </summary>
[MemoryDiagnoser]
public class NormalizeBenchmark
{
    private readonly PhoneNumberParser _parser = new(new PhoneNumberOptions { DefaultCountry = "FR", OutsideLinePrefix = "0" });

    [Params(
        "01 23 45 67 89",
        "+33612345678",
        "sip:+33123456789@freephonie.net;user=phone",
        "tel:0123456789;phone-context=+33",
        "00612345678",
        "+44 20 7946 0958",
        "204")]
    public string Input { get; set; } = string.Empty;

    [Benchmark]
    public string? Normalize() => _parser.Normalize(Input);

    [Benchmark]
    public string? MatchKeys()
    {
        var number = _parser.Parse(Input);
        return number.SuffixKey ?? number.MatchKey;
    }

    [Benchmark]
    public string Display() => _parser.Parse(Input).ToDisplayString();
}
