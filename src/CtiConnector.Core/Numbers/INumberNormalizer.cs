namespace CtiConnector.Core.Numbers;

/// <summary>
/// Turns a number as received or dialled into its E.164 form and its match key (what directory and history
/// lookups compare). The product implementation is backed by <c>CtiConnector.PhoneNumbers</c>.
/// </summary>
public interface INumberNormalizer
{
    /// <summary>Never throws: a number that does not normalise yields null fields.</summary>
    NormalizedNumber Normalize(string raw);
}

/// <summary>The result of <see cref="INumberNormalizer.Normalize"/>: both null when <c>raw</c> is not a phone number (e.g. <c>alice</c>).</summary>
public readonly record struct NormalizedNumber(string? E164, string? MatchKey);
