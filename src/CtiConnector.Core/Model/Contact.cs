namespace CtiConnector.Core.Model;

/// <summary>A contact of the local directory.</summary>
/// <param name="Id">Stable id in the directory.</param>
/// <param name="ExternalId">The CRM's own id, when imported from one.</param>
public sealed record Contact(
    string Id,
    string? ExternalId,
    string Name,
    string? Company,
    string? Email,
    string? CrmUrl,
    IReadOnlyList<ContactPhone> Numbers);

/// <summary>A number of a contact: <see cref="Type"/> is <c>work</c>, <c>home</c>, <c>mobile</c>, <c>fax</c> or <c>other</c>;
/// <see cref="E164"/> is filled when the number normalises, <see cref="MatchKey"/> is what lookups compare.</summary>
public sealed record ContactPhone(string Type, string Raw, string? E164, string? MatchKey);
