namespace CtiConnector.Contacts;

/// <summary>One phone number of a contact, as written in the imported file (not normalised).</summary>
/// <param name="Type">What the number is for.</param>
/// <param name="Raw">The number as written (<c>01 23 45 67 89</c>, <c>+44 20 7946 0958</c>); a vCard <c>tel:</c> URI loses its scheme.</param>
public sealed record ContactNumber(ContactNumberType Type, string Raw);
