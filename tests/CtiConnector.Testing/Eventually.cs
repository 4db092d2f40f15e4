namespace CtiConnector.Testing;

/// <summary>Waiting for what a real peer does, by looking at it again and again rather than by sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>
    /// Returns once <paramref name="condition"/> holds; fails after 60 s with <paramref name="what"/> and
    /// <paramref name="context"/> (e.g. the peer's output). A file still being written that does not read yet counts as
    /// "not yet", not as a failure.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what, Func<string> context)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(context);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Holds(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.\n{context()}");
            }

            await Task.Delay(50);
        }
    }

    private static bool Holds(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidDataException or EndOfStreamException)
        {
            return false;
        }
    }
}
