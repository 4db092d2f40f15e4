namespace CtiConnector.Contacts;

/// <summary>File formats the contact reader understands.</summary>
public enum ContactFormat
{
    /// <summary>Decide from the content: vCard when it starts with <c>BEGIN:VCARD</c>, CSV otherwise.</summary>
    Auto = 0,

    /// <summary>Comma, semicolon or tab separated values with a header row (RFC 4180 quoting).</summary>
    Csv,

    /// <summary>vCard 2.1, 3.0 (RFC 2426) or 4.0 (RFC 6350).</summary>
    VCard,
}
