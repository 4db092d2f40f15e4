using System.Data.Common;

namespace CtiConnector.Storage.Relational;

/// <summary>
/// One schema step: its version and the statements that take the previous version to it, then an optional step in
/// code (data the SQL cannot compute the same way on every engine, such as folded text), in the same transaction.
/// </summary>
internal sealed record Migration(
    int Version,
    string Description,
    IReadOnlyList<string> Statements,
    Func<Database, DbConnection, DbTransaction, CancellationToken, Task>? Then = null);
