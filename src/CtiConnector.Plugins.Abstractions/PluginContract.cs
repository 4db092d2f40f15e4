namespace CtiConnector.Plugins;

/// <summary>The version of this contract. A plugin built for another major version is not loaded.</summary>
public static class PluginContract
{
    /// <summary>Current contract version; plugins state the version they were built against in <c>plugin.json</c>.</summary>
    public const int Version = 1;
}
