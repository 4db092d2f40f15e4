namespace CtiConnector.Storage;

/// <summary>
/// A storage failure explained in a sentence a user understands (<see cref="Exception.Message"/>), with its
/// <see cref="Kind"/> for callers that map errors. When a write throws, nothing of it was committed.
/// </summary>
public sealed class StorageException : Exception
{
    public StorageException()
        : this(StorageErrorKind.Other, "A storage error occurred.", null)
    {
    }

    public StorageException(string message)
        : this(StorageErrorKind.Other, message, null)
    {
    }

    public StorageException(string message, Exception? innerException)
        : this(StorageErrorKind.Other, message, innerException)
    {
    }

    public StorageException(StorageErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public StorageErrorKind Kind { get; }
}
