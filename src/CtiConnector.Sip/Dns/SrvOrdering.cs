namespace CtiConnector.Sip.Dns;

/// <summary>
/// Orders SRV records as RFC 2782 ("Usage rules") asks: by priority ascending; within one priority, a weighted
/// random order in which a record's chance of coming next is its weight over the sum of the remaining weights,
/// with weight-0 records placed first in the running sum so they are picked rarely but can be.
/// </summary>
public static class SrvOrdering
{
    /// <summary>The records in the order to try them; "." targets (service not offered) are left out.</summary>
    public static IReadOnlyList<DnsSrvRecord> Order(IEnumerable<DnsSrvRecord> records, Random random)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(random);
        var ordered = new List<DnsSrvRecord>();
        foreach (var group in records.Where(r => r.Target.Length > 0).GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            // RFC 2782: zero-weight records first, then the others, before the running sums are computed.
            var remaining = group.OrderBy(r => r.Weight == 0 ? 0 : 1).ToList();
            while (remaining.Count > 0)
            {
                var total = remaining.Sum(r => (long)r.Weight);
                var pick = random.NextInt64(0, total + 1); // uniform in [0, total]
                long running = 0;
                var chosen = remaining.Count - 1;
                for (var i = 0; i < remaining.Count; i++)
                {
                    running += remaining[i].Weight;
                    if (running >= pick)
                    {
                        chosen = i;
                        break;
                    }
                }

                ordered.Add(remaining[chosen]);
                remaining.RemoveAt(chosen);
            }
        }

        return ordered;
    }
}
