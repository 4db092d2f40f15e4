using System.Data.Common;
using System.Globalization;

namespace CtiConnector.Storage.Relational;

internal sealed partial class DbContactStore
{
    /// <summary>Past this many index entries a term is "common": probing further would not change the plan.</summary>
    private const int SelectivityProbeLimit = 1000;

    /// <summary>
    /// The search condition for the words of the text: the rarest word (fewest index entries, probed with a capped
    /// count) gives the candidate contacts through its index range; each other word is then checked per candidate
    /// through the contact's own few terms. So "dupont m" does not read every term starting with "m".
    /// </summary>
    private static async Task<string> TermConditionAsync(
        DbConnection connection, DbCommand command, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var used = terms.Take(MaxSearchTerms).ToList();
        if (used.Count > 1)
        {
            used = await OrderBySelectivityAsync(connection, used, cancellationToken).ConfigureAwait(false);
        }

        var parts = new List<string>(used.Count);
        for (var i = 0; i < used.Count; i++)
        {
            var from = "@term" + i.ToString(CultureInfo.InvariantCulture);
            Sql.Add(command, from, used[i]);
            Sql.Add(command, from + "_end", used[i] + TermEnd);
            parts.Add(i == 0
                ? $"c.id IN (SELECT t0.contact_id FROM contact_terms t0 WHERE t0.term >= {from} AND t0.term < {from}_end)"
                : $"EXISTS (SELECT 1 FROM contact_terms t{i} WHERE t{i}.contact_id = c.id AND t{i}.term >= {from} AND t{i}.term < {from}_end)");
        }

        return "(" + string.Join(" AND ", parts) + ")";
    }

    private static async Task<List<string>> OrderBySelectivityAsync(DbConnection connection, List<string> terms, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var probe = Sql.Command(
            connection,
            null,
            "SELECT COUNT(*) FROM (SELECT 1 FROM contact_terms WHERE term >= @from AND term < @to LIMIT @cap) probe");
        Sql.Add(probe, "@from", (string?)null);
        Sql.Add(probe, "@to", (string?)null);
        Sql.Add(probe, "@cap", SelectivityProbeLimit);
        foreach (var term in terms)
        {
            Sql.Set(probe, "@from", term);
            Sql.Set(probe, "@to", term + TermEnd);
            var count = await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            counts[term] = Convert.ToInt64(count, CultureInfo.InvariantCulture);
        }

        return [.. terms.OrderBy(t => counts[t]).ThenByDescending(t => t.Length)];
    }
}
