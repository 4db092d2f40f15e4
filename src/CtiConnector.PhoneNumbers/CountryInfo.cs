namespace CtiConnector.PhoneNumbers;

/// <summary>
/// The dialling facts of one country or non-geographic service: its ITU-T E.164 calling code,
/// the prefix its users dial to call abroad, the trunk prefix they dial before national numbers,
/// and the length of its national significant numbers when we know it.
/// </summary>
public sealed class CountryInfo
{
    internal CountryInfo(
        string regionCode,
        int callingCode,
        string internationalPrefix = "00",
        string trunkPrefix = "0",
        int minLength = 0,
        int maxLength = 0,
        bool isMain = true)
    {
        RegionCode = regionCode;
        CallingCode = callingCode;
        CallingCodeText = callingCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        InternationalPrefix = internationalPrefix;
        TrunkPrefix = trunkPrefix;
        KnowsLength = minLength > 0;
        MinLength = minLength > 0 ? minLength : 4;
        MaxLength = maxLength > 0 ? maxLength : 15 - CallingCodeText.Length;
        IsMainRegion = isMain;
    }

    /// <summary>ISO 3166 alpha-2 code (<c>FR</c>), or <c>001</c> for a non-geographic calling code.</summary>
    public string RegionCode { get; }

    /// <summary>The E.164 country calling code (<c>33</c>).</summary>
    public int CallingCode { get; }

    /// <summary>The calling code as digits (<c>"33"</c>).</summary>
    public string CallingCodeText { get; }

    /// <summary>The prefix dialled to reach another country (<c>00</c>, <c>011</c> in North America).</summary>
    public string InternationalPrefix { get; }

    /// <summary>The national trunk prefix (<c>0</c> in France, <c>1</c> in North America), empty when there is none.</summary>
    public string TrunkPrefix { get; }

    /// <summary>Shortest national significant number.</summary>
    public int MinLength { get; }

    /// <summary>Longest national significant number.</summary>
    public int MaxLength { get; }

    /// <summary>True when <see cref="MinLength"/>/<see cref="MaxLength"/> come from the numbering plan rather than defaults.</summary>
    public bool KnowsLength { get; }

    /// <summary>True for the region that owns a shared calling code (US for +1, GB for +44).</summary>
    public bool IsMainRegion { get; }

    internal bool IsNanp => CallingCode == 1;

    /// <summary>True when <paramref name="nsn"/> has a length (and for North America, a shape) allowed by the plan.</summary>
    internal bool IsPossibleNsn(ReadOnlySpan<char> nsn)
    {
        if (nsn.Length < MinLength || nsn.Length > MaxLength || nsn.Length + CallingCodeText.Length > 15)
        {
            return false;
        }

        // NANP: NPA and central office code both start with 2-9.
        return !IsNanp || (nsn[0] >= '2' && nsn[3] >= '2');
    }

    /// <inheritdoc />
    public override string ToString() => $"{RegionCode} +{CallingCodeText}";
}
