using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CtiConnector.Plugins.Sql;

/// <summary>
/// A CRM whose contacts live in SQL (SQLite or PostgreSQL): the configured <c>LookupQuery</c> finds a caller and the
/// configured <c>JournalCommand</c> records each finished call, both with their values bound as parameters. The
/// first row of the lookup wins; no row is a miss; a database error or a timeout is an error (a journal entry is
/// retried later by the agent).
/// </summary>
public sealed partial class SqlPlugin : ICtiPlugin, IContactLookup, ICallJournal
{
    private SqlOptions _options = null!;
    private DbProviderFactory _factory = null!;
    private ILogger _logger = null!;

    /// <inheritdoc />
    public async Task InitializeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = SqlOptions.Read(context.Configuration);
        _logger = context.Logger;
        _factory = _options.Provider == "postgres" ? NpgsqlFactory.Instance : SqliteFactory.Instance;

        // Fail now, with the database's own words, rather than on the first ring.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        LogReady(_options.Provider, connection.DataSource);
    }

    /// <inheritdoc />
    public async Task<PluginContact?> LookupAsync(PhoneNumberQuery number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (_options.LookupQuery is not { } sql)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            await using var connection = await OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = Seconds(_options.Timeout);
            SqlParameters.BindLookup(command, number);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token).ConfigureAwait(false);
            if (!await reader.ReadAsync(timeout.Token).ConfigureAwait(false))
            {
                return null;
            }

            var name = Column(reader, "name");
            return string.IsNullOrWhiteSpace(name)
                ? null
                : new PluginContact(Column(reader, "id") ?? "", name, Column(reader, "company"), Column(reader, "url"));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"lookup query took longer than {_options.Timeout.TotalMilliseconds:0} ms");
        }
    }

    /// <inheritdoc />
    public async Task JournalAsync(CallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_options.JournalCommand is not { } sql)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.JournalTimeout);
        try
        {
            await using var connection = await OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = Seconds(_options.JournalTimeout);
            SqlParameters.BindJournal(command, call);
            await command.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"journal command took longer than {_options.JournalTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_options?.Provider == "sqlite")
        {
            SqliteConnection.ClearAllPools();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _factory.CreateConnection() ?? throw new InvalidOperationException($"{_options.Provider} gave no connection");
        try
        {
            connection.ConnectionString = _options.ConnectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string? Column(DbDataReader reader, string name)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static int Seconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));

    [LoggerMessage(Level = LogLevel.Information, Message = "SQL plugin ready on {Provider} {DataSource}")]
    private partial void LogReady(string provider, string dataSource);
}
