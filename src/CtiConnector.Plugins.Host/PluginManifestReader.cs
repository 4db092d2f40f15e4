using System.Text.Json;

namespace CtiConnector.Plugins.Host;

/// <summary>Reads and validates a <c>plugin.json</c> (see <see cref="PluginManifest"/>) without reflection.</summary>
public static class PluginManifestReader
{
    /// <summary>The largest manifest accepted.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// Parses <paramref name="json"/>; returns null and sets <paramref name="error"/> when it is not a valid manifest
    /// for this host (missing fields, bad id, entry assembly outside its folder, other contract version).
    /// </summary>
    public static PluginManifest? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "plugin.json is not a JSON object";
                return null;
            }

            var id = GetString(root, "id");
            var name = GetString(root, "name") ?? id;
            var version = GetString(root, "version") ?? "";
            var entry = GetString(root, "entryAssembly");
            var entryType = GetString(root, "entryType");
            if (!TryGetInt(root, "contractVersion", out var contract))
            {
                error = "plugin.json has no numeric contractVersion";
                return null;
            }

            if (id is null || !IsValidId(id))
            {
                error = $"plugin.json id '{id}' is not valid: 1 to 64 letters, digits, '-' or '_'";
                return null;
            }

            if (string.IsNullOrWhiteSpace(entry) || entry != Path.GetFileName(entry) || !entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                error = $"plugin.json entryAssembly '{entry}' must be a .dll file name in the plugin's folder";
                return null;
            }

            if (contract != PluginContract.Version)
            {
                error = $"built for plugin contract version {contract}, this agent provides version {PluginContract.Version}";
                return null;
            }

            error = null;
            return new PluginManifest(id, name!, version, entry, contract, entryType);
        }
        catch (JsonException ex)
        {
            error = $"plugin.json is not valid JSON: {ex.Message}";
            return null;
        }
    }

    /// <summary>True when <paramref name="id"/> is 1 to 64 ASCII letters, digits, '-' or '_'.</summary>
    public static bool IsValidId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string? GetString(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
        }

        return null;
    }

    private static bool TryGetInt(JsonElement root, string name, out int value)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Number & property.Value.TryGetInt32(out value);
            }
        }

        value = 0;
        return false;
    }
}
