namespace CtiConnector.Testing.Sipp;

/// <summary>
/// The custom sipp scenarios shared by the test projects (<c>Sipp/Scenarios/*.xml</c>, copied beside every test
/// assembly that references this project). Each opens with what it verifies and what it does not.
/// </summary>
public static class SippScenarios
{
    /// <summary>The scenario text, with <paramref name="replacements"/> (placeholder → value) applied.</summary>
    public static string Load(string name, params (string Placeholder, string Value)[] replacements)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SippScenarios", name));
        foreach (var (placeholder, value) in replacements)
        {
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return text;
    }
}
