using CtiConnector.Core.Contacts;

namespace CtiConnector.Core.Calls;

/// <summary>Settings of the <see cref="CallCenter"/>.</summary>
public sealed record CallCenterOptions
{
    /// <summary>The agent version shown by <c>status</c>.</summary>
    public string Version { get; init; } = "0.0.0";

    /// <summary>Contact lookup budget and late limit.</summary>
    public ContactResolverOptions ContactLookup { get; init; } = new();

    /// <summary>Events a subscriber may have waiting before it is dropped.</summary>
    public int SubscriberQueueCapacity { get; init; } = 1024;

    /// <summary>How long <see cref="CallCenter.StopAsync"/> waits for hung-up calls to end before flushing the history.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(2);
}
