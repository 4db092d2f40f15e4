namespace CtiConnector.PhoneNumbers;

/// <summary>Why an input was not read as a phone number (<see cref="None"/> when it was).</summary>
public enum PhoneNumberError
{
    /// <summary>The input was read.</summary>
    None = 0,

    /// <summary>Nothing but white space or separators.</summary>
    Empty,

    /// <summary>A character that is neither a digit, a visual separator nor <c>+ * #</c>.</summary>
    InvalidCharacter,

    /// <summary>An international number whose country calling code is not assigned.</summary>
    UnknownCountryCode,

    /// <summary>Too few digits for the numbering plan.</summary>
    TooShort,

    /// <summary>More digits than E.164 allows (15) or than the numbering plan allows.</summary>
    TooLong,

    /// <summary>A URI that carries no telephone number (e.g. <c>sip:alice@example.com</c>).</summary>
    NotATelephoneUri,
}
