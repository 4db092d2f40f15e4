namespace CtiConnector.Plugins;

/// <summary>A contact as a CRM plugin reports it.</summary>
/// <param name="Id">The CRM's id of the contact (stable; used for "Open in CRM" and the call journal).</param>
/// <param name="Name">The name to show in the screen pop.</param>
/// <param name="Company">The contact's company, or null.</param>
/// <param name="CrmUrl">The contact's page in the CRM, or null.</param>
/// <param name="Email">An e-mail address, or null.</param>
public sealed record PluginContact(string Id, string Name, string? Company = null, string? CrmUrl = null, string? Email = null);
