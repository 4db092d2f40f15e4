namespace CtiConnector.Core.Model;

/// <summary>
/// The other end of a call: <see cref="Raw"/> is the number or URI as received or dialled,
/// <see cref="E164"/> its normalised form when it is a public number.
/// </summary>
public sealed record RemoteParty(string Raw, string? E164, string? DisplayName);
