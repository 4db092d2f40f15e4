using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CtiConnector.Core.History;

/// <summary>
/// What a user asks of the history (the filters of <c>GET /v1/history</c> and of its CSV export); all optional and
/// combined with AND.
/// </summary>
/// <param name="Number">A number in any format, matched by its match key (its last significant digits).</param>
/// <param name="ContactId">Only the calls of this directory contact (its timeline).</param>
/// <param name="From">Only calls started at or after this time.</param>
/// <param name="To">Only calls started before this time.</param>
/// <param name="MissedNotCalledBack">
/// Only inbound calls that ended missed or unanswered with no later answered call, either direction, with the same
/// number.
/// </param>
/// <param name="Text">
/// Only calls whose contact name, remote display name, remote number as dialled or received, or notes contain this
/// text (ignoring case and accents; trimmed, 1 to <see cref="MaxTextLength"/> characters).
/// </param>
public sealed record HistoryFilter(
    string? Number = null,
    string? ContactId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool MissedNotCalledBack = false,
    string? Text = null)
{
    /// <summary>Most characters of the searched text (<c>q</c>), once trimmed.</summary>
    public const int MaxTextLength = 100;

    /// <summary>The sentence of a <c>q</c> that is empty or too long.</summary>
    public static readonly string TextError = $"q must be 1 to {MaxTextLength} characters (spaces around it are ignored).";

    /// <summary>
    /// Reads the filters as a user writes them (query string, pipe, command line): times in ISO 8601 (UTC when no
    /// offset is given), <paramref name="missed"/> <c>true</c> or <c>false</c>, <paramref name="q"/> a text of 1 to
    /// <see cref="MaxTextLength"/> characters once trimmed (null: no text filter). False, with a sentence saying what
    /// is wrong, when one is malformed or <c>to</c> is not after <c>from</c>.
    /// </summary>
    public static bool TryParse(
        string? number,
        string? contactId,
        string? from,
        string? to,
        string? missed,
        string? q,
        [NotNullWhen(true)] out HistoryFilter? filter,
        [NotNullWhen(false)] out string? error)
    {
        filter = null;
        if (!TryText(q, out var text))
        {
            error = TextError;
            return false;
        }

        if (!TryTime(from, out var start) || !TryTime(to, out var end))
        {
            error = "from and to must be ISO 8601 times, such as 2026-03-02 or 2026-03-02T09:30:00+01:00.";
            return false;
        }

        if (start is not null && end is not null && end <= start)
        {
            error = "to must be later than from.";
            return false;
        }

        var missedOnly = false;
        if (!string.IsNullOrEmpty(missed) && !bool.TryParse(missed, out missedOnly))
        {
            error = "missed must be true or false.";
            return false;
        }

        filter = new HistoryFilter(number, contactId, start, end, missedOnly, text);
        error = null;
        return true;
    }

    /// <summary>The searched text trimmed (null stays null: no text filter); false when it is empty or too long.</summary>
    public static bool TryText(string? q, out string? text)
    {
        text = q?.Trim();
        return text is null || text.Length is > 0 and <= MaxTextLength;
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
