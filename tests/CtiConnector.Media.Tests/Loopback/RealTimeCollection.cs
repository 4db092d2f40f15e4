namespace CtiConnector.Media.Tests.Loopback;

/// <summary>
/// Tests that run audio in real time over real sockets or a real sound server: run one at a time,
/// so a busy shared machine does not starve their 20 ms clocks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "Real-time media";
}
