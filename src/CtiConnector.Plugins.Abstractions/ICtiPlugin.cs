namespace CtiConnector.Plugins;

/// <summary>
/// The one interface every plugin implements. The agent creates the plugin (public parameterless constructor),
/// calls <see cref="InitializeAsync"/> once, then uses whichever capability interfaces the same object also
/// implements: <see cref="IContactLookup"/>, <see cref="IContactSearch"/>, <see cref="ICallJournal"/>,
/// <see cref="IContactLink"/>. Every call has a time budget; a plugin that throws or overruns is skipped for
/// that call, and one that keeps failing is disabled. <see cref="IAsyncDisposable.DisposeAsync"/> is called at shutdown.
/// </summary>
public interface ICtiPlugin : IAsyncDisposable
{
    /// <summary>Reads the plugin's configuration and prepares it; throwing here disables the plugin with the exception's message.</summary>
    /// <param name="context">The plugin's configuration section, logger and environment.</param>
    /// <param name="cancellationToken">Cancelled when the agent stops or the start-up budget runs out.</param>
    Task InitializeAsync(PluginContext context, CancellationToken cancellationToken);
}
