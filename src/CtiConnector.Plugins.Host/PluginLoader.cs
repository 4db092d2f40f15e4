using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace CtiConnector.Plugins.Host;

/// <summary>Loads a plugin's entry assembly into its own <see cref="PluginLoadContext"/> and creates its plugin object.</summary>
internal static class PluginLoader
{
    public const string RequiresReason = "Plugins are loaded from assemblies found at run time and created by reflection.";

    /// <summary>Creates the plugin described by <paramref name="manifest"/> in <paramref name="directory"/>; throws with a clear message.</summary>
    [RequiresUnreferencedCode(RequiresReason)]
    public static ICtiPlugin Create(PluginManifest manifest, string directory)
    {
        var path = Path.Combine(directory, manifest.EntryAssembly);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"entry assembly {manifest.EntryAssembly} not found in {directory}", path);
        }

        var context = new PluginLoadContext(path, manifest.Id);
        var assembly = context.LoadFromAssemblyPath(path);
        var type = FindEntryType(assembly, manifest);
        if (Activator.CreateInstance(type) is not ICtiPlugin plugin)
        {
            throw new InvalidOperationException($"{type.FullName} could not be created as an ICtiPlugin");
        }

        return plugin;
    }

    [RequiresUnreferencedCode(RequiresReason)]
    private static Type FindEntryType(Assembly assembly, PluginManifest manifest)
    {
        if (manifest.EntryType is { } entryType)
        {
            var named = assembly.GetType(entryType, throwOnError: false)
                ?? throw new InvalidOperationException($"entry type {entryType} not found in {manifest.EntryAssembly}");
            return Check(named);
        }

        var candidates = assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICtiPlugin).IsAssignableFrom(t))
            .ToList();
        return candidates.Count switch
        {
            1 => Check(candidates[0]),
            0 => throw new InvalidOperationException(
                $"{manifest.EntryAssembly} has no public ICtiPlugin class (built against another copy of the contract assembly?)"),
            _ => throw new InvalidOperationException(
                $"{manifest.EntryAssembly} has {candidates.Count} ICtiPlugin classes: name one with entryType in plugin.json"),
        };
    }

    [RequiresUnreferencedCode(RequiresReason)]
    private static Type Check(Type type)
    {
        if (!typeof(ICtiPlugin).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{type.FullName} does not implement ICtiPlugin of this agent's contract");
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"{type.FullName} has no public parameterless constructor");
        }

        return type;
    }
}
