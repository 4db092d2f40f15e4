namespace CtiConnector.Storage;

/// <summary>How thoroughly a SQLite database is checked when it is opened.</summary>
public enum IntegrityCheck
{
    /// <summary>
    /// The default: <see cref="Full"/> for files up to 16 MiB, or when a previous error asked for it (see
    /// <see cref="StorageErrorKind.Corrupt"/>); <see cref="Quick"/> when the last run did not close the file (a
    /// non-empty <c>-wal</c> is left); otherwise only the header and schema are read. A full check of a
    /// million-contact directory takes tens of seconds, too long for every start.
    /// </summary>
    Auto,

    /// <summary><c>PRAGMA integrity_check</c>: reads every page and index.</summary>
    Full,

    /// <summary><c>PRAGMA quick_check</c>: skips the index consistency checks; several times faster.</summary>
    Quick,

    /// <summary>Only the header and schema are read (corruption found later surfaces as a <see cref="StorageException"/>).</summary>
    None,
}
