namespace CtiConnector.Plugins.Host;

/// <summary>Where a discovered plugin stands. Serialised in lower case (<c>loaded</c>, <c>disabled</c>, <c>failed</c>).</summary>
public enum PluginState
{
    /// <summary>Loaded, initialised and in use.</summary>
    Loaded,

    /// <summary>Not in use by choice or by policy: not enabled in the configuration, or turned off after repeated failures.</summary>
    Disabled,

    /// <summary>Could not be used: bad manifest, wrong contract version, load error, or initialisation threw or overran.</summary>
    Failed,
}
