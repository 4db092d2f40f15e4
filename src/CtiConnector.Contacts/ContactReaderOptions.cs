using CtiConnector.PhoneNumbers;

namespace CtiConnector.Contacts;

/// <summary>Limits and checks applied when reading contact files.</summary>
public sealed class ContactReaderOptions
{
    /// <summary>Largest file read, in bytes (default 64 MiB); a larger one is refused as a whole.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Checks every number: a value it finds <see cref="PhoneNumberKind.Invalid"/> makes its record an error.
    /// Defaults to a French parser; null accepts any non-empty value.
    /// </summary>
    public PhoneNumberParser? NumberParser { get; init; } = new();
}
