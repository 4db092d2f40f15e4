namespace CtiConnector.Plugins;

/// <summary>Capability: finds who a phone number belongs to (the screen pop).</summary>
public interface IContactLookup
{
    /// <summary>
    /// Returns the contact owning <paramref name="number"/>, or null when the CRM does not know it.
    /// Must honour <paramref name="cancellationToken"/>: the agent cancels it when the time budget (about 300 ms) runs out.
    /// </summary>
    Task<PluginContact?> LookupAsync(PhoneNumberQuery number, CancellationToken cancellationToken);
}
