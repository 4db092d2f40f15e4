using System.Data;
using System.Data.Common;

namespace CtiConnector.Plugins.Sql;

/// <summary>
/// Binds the values of a lookup or a journal entry as command parameters (never into the SQL text). Only the
/// parameters the SQL names are bound, so a query may use any subset.
/// Journal parameters: <c>@historyId</c>, <c>@callId</c>, <c>@direction</c>, <c>@remote</c> (as received),
/// <c>@e164</c>, <c>@displayName</c>, <c>@contactId</c>, <c>@contactName</c>, <c>@startedAt</c>, <c>@answeredAt</c>,
/// <c>@endedAt</c> (UTC; <c>timestamptz</c> on PostgreSQL, ISO 8601 text on SQLite), <c>@durationSeconds</c>, <c>@disposition</c>, <c>@notes</c>, <c>@accountId</c>.
/// </summary>
internal static class SqlParameters
{
    public static void BindLookup(DbCommand command, PhoneNumberQuery number)
    {
        Add(command, "e164", DbType.String, number.E164);
        Add(command, "national", DbType.String, number.National);
        Add(command, "number", DbType.String, number.Raw);
        Add(command, "displayName", DbType.String, number.DisplayName);
    }

    public static void BindJournal(DbCommand command, CallRecord call)
    {
        Add(command, "historyId", DbType.Int64, call.HistoryId);
        Add(command, "callId", DbType.String, call.CallId);
        Add(command, "direction", DbType.String, call.Direction);
        Add(command, "remote", DbType.String, call.RemoteRaw);
        Add(command, "e164", DbType.String, call.RemoteE164);
        Add(command, "displayName", DbType.String, call.RemoteDisplayName);
        Add(command, "contactId", DbType.String, call.ContactId);
        Add(command, "contactName", DbType.String, call.ContactName);
        Add(command, "startedAt", DbType.DateTimeOffset, call.StartedAt.ToUniversalTime());
        Add(command, "answeredAt", DbType.DateTimeOffset, call.AnsweredAt?.ToUniversalTime());
        Add(command, "endedAt", DbType.DateTimeOffset, call.EndedAt.ToUniversalTime());
        Add(command, "durationSeconds", DbType.Int32, call.DurationSeconds);
        Add(command, "disposition", DbType.String, call.Disposition);
        Add(command, "notes", DbType.String, call.Notes);
        Add(command, "accountId", DbType.String, call.AccountId);
    }

    /// <summary>True when <paramref name="sql"/> names parameter <c>@name</c> (a whole word, any case).</summary>
    public static bool Uses(string sql, string name)
    {
        var token = "@" + name;
        var at = 0;
        while ((at = sql.IndexOf(token, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = at + token.Length;
            if (end >= sql.Length || !(char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                return true;
            }

            at = end;
        }

        return false;
    }

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        if (!Uses(command.CommandText, name))
        {
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
