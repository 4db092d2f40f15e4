namespace CtiConnector.Plugins;

/// <summary>Capability: the address of a contact's page in the CRM ("Open in CRM").</summary>
public interface IContactLink
{
    /// <summary>The URL of the contact's page, or null when the plugin cannot link to it.</summary>
    Uri? GetContactUrl(string contactId);
}
