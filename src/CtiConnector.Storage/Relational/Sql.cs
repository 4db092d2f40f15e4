using System.Data;
using System.Data.Common;

namespace CtiConnector.Storage.Relational;

/// <summary>Typed parameter helpers over plain ADO.NET (no reflection).</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is built from constant fragments only; values are parameters.
        command.CommandText = text;
#pragma warning restore CA2100
        return command;
    }

    public static void Add(DbCommand command, string name, string? value) =>
        Add(command, name, DbType.String, value);

    public static void Add(DbCommand command, string name, long value) =>
        Add(command, name, DbType.Int64, value);

    public static void Add(DbCommand command, string name, int value) =>
        Add(command, name, DbType.Int32, value);

    public static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static void Set(DbCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;

    public static string? GetString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
