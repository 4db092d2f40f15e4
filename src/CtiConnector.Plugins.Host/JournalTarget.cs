namespace CtiConnector.Plugins.Host;

/// <summary>A loaded plugin that receives finished calls; <see cref="Topic"/> names its queue.</summary>
internal sealed record JournalTarget(string PluginId, ICallJournal Journal)
{
    public string Topic => JournalDispatcher.TopicPrefix + PluginId;
}
