namespace CtiConnector.Media.Tests.Support;

/// <summary>
/// A fact that needs real peer programs on the PATH (e.g. <c>pulseaudio</c>, <c>parec</c>). Outside CI a
/// missing program skips the test with its name; with <c>CI=true</c> the test runs anyway and fails,
/// so CI never silently skips it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresPeerFactAttribute : FactAttribute
{
    public RequiresPeerFactAttribute(params string[] programs)
    {
        var missing = programs.Where(p => Peers.Find(p) is null).ToArray();
        if (missing.Length > 0 && !Peers.IsCi)
        {
            Skip = $"test peer not installed: {string.Join(", ", missing)} (scripts/install-test-peers.sh)";
        }
    }
}

/// <summary>Finds peer programs.</summary>
internal static class Peers
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, program);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Require(string program) =>
        Find(program) ?? throw new InvalidOperationException($"test peer '{program}' is not installed; run scripts/install-test-peers.sh");
}
