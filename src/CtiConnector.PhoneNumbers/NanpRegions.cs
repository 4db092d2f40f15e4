using System.Collections.Frozen;

namespace CtiConnector.PhoneNumbers;

/// <summary>
/// Area codes (NPA) of the North American Numbering Plan members other than the United States,
/// so that a +1 number can name its region. Any NPA not listed is reported as US.
/// </summary>
internal static class NanpRegions
{
    private static readonly FrozenDictionary<int, string> _byAreaCode = Build();

    public static string RegionOf(ReadOnlySpan<char> nsn)
    {
        if (nsn.Length < 3)
        {
            return "US";
        }

        var npa = ((nsn[0] - '0') * 100) + ((nsn[1] - '0') * 10) + (nsn[2] - '0');
        return _byAreaCode.TryGetValue(npa, out var region) ? region : "US";
    }

    private static FrozenDictionary<int, string> Build()
    {
        var map = new Dictionary<int, string>();
        void Add(string region, params int[] areaCodes)
        {
            foreach (var code in areaCodes)
            {
                map[code] = region;
            }
        }

        Add("CA", 204, 226, 236, 249, 250, 257, 263, 289, 306, 343, 354, 365, 367, 368, 382, 403, 416, 418, 428,
            431, 437, 438, 450, 460, 468, 474, 506, 514, 519, 548, 579, 581, 584, 587, 604, 613, 639, 647, 672,
            683, 705, 709, 742, 753, 778, 780, 782, 807, 819, 825, 867, 873, 879, 902, 905, 942);
        Add("BS", 242);
        Add("BB", 246);
        Add("AI", 264);
        Add("AG", 268);
        Add("VG", 284);
        Add("VI", 340);
        Add("KY", 345);
        Add("BM", 441);
        Add("GD", 473);
        Add("TC", 649);
        Add("JM", 658, 876);
        Add("MS", 664);
        Add("MP", 670);
        Add("GU", 671);
        Add("AS", 684);
        Add("SX", 721);
        Add("LC", 758);
        Add("DM", 767);
        Add("VC", 784);
        Add("PR", 787, 939);
        Add("DO", 809, 829, 849);
        Add("TT", 868);
        Add("KN", 869);
        return map.ToFrozenDictionary();
    }
}
