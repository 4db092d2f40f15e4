namespace CtiConnector.Storage.Relational;

/// <summary>One schema step: its version and the statements that take the previous version to it.</summary>
internal sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements);
