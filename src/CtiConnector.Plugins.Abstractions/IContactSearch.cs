namespace CtiConnector.Plugins;

/// <summary>Capability: searches the CRM's contacts by name, company or number (the dialer's search box).</summary>
public interface IContactSearch
{
    /// <summary>At most <paramref name="limit"/> contacts matching <paramref name="text"/>, best first.</summary>
    Task<IReadOnlyList<PluginContact>> SearchAsync(string text, int limit, CancellationToken cancellationToken);
}
