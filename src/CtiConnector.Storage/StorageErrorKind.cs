namespace CtiConnector.Storage;

/// <summary>What went wrong with the database, for callers that map errors (the HTTP API's problem types).</summary>
public enum StorageErrorKind
{
    /// <summary>Anything not listed below.</summary>
    Other,

    /// <summary>The disk (or the PostgreSQL server's disk) is full.</summary>
    DiskFull,

    /// <summary>The database file, its folder or the server refuses writes.</summary>
    ReadOnly,

    /// <summary>The database cannot be opened or the server cannot be reached.</summary>
    Unavailable,

    /// <summary>The database is locked by another program for longer than the busy timeout.</summary>
    Busy,

    /// <summary>The database file is damaged.</summary>
    Corrupt,

    /// <summary>The data was refused by a constraint (for example an empty contact name).</summary>
    InvalidData,

    /// <summary>The database was created by a newer version of CTI Connector.</summary>
    NewerSchema,
}
