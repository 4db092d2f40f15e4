namespace CtiConnector.Core.Model;

/// <summary>The contact a call is attached to, as carried in call events and history records.</summary>
public sealed record ContactRef(string Id, string Name, string? Company, string? CrmUrl);
