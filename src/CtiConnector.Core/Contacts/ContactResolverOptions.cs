namespace CtiConnector.Core.Contacts;

/// <summary>Time limits of <see cref="ContactResolver"/>.</summary>
public sealed record ContactResolverOptions
{
    /// <summary>How long a call event waits for the contact (default 300 ms).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a late answer is still accepted before the lookups are cancelled (default 10 s).</summary>
    public TimeSpan LateLimit { get; init; } = TimeSpan.FromSeconds(10);
}
