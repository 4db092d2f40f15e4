using System.Text.Json;

namespace CtiConnector.Installer.Tests.Support;

/// <summary>The runtime settings a publish gives the agent: <c>configProperties</c> of its <c>cti.runtimeconfig.json</c>.</summary>
internal static class RuntimeSettings
{
    /// <summary>Each setting's name and its JSON value as written (<c>false</c>, <c>true</c>, a number...).</summary>
    public static Dictionary<string, string> Read(string publishFolder)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(publishFolder, "cti.runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
    }
}
