namespace CtiConnector.Storage;

/// <summary>How thoroughly a SQLite database is checked when it is opened.</summary>
public enum IntegrityCheck
{
    /// <summary><c>PRAGMA integrity_check</c>: reads every page and index (seconds on a very large directory).</summary>
    Full,

    /// <summary><c>PRAGMA quick_check</c>: skips the index consistency checks; much faster.</summary>
    Quick,

    /// <summary>No check at open (corruption still surfaces as a <see cref="StorageException"/> on use).</summary>
    None,
}
