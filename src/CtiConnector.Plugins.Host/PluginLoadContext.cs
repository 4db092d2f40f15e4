using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace CtiConnector.Plugins.Host;

/// <summary>
/// The load context of one plugin: its own dependencies come from its folder (through its <c>.deps.json</c>), while
/// the contract assembly and the <c>Microsoft.Extensions.*</c> abstractions are the host's, so the types the host and
/// the plugin exchange are the same types. An abstraction the host lacks comes from the plugin's folder.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string entryAssemblyPath, string name)
        : base($"plugin:{name}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
    }

    /// <summary>True for the assemblies a plugin must share with the host.</summary>
    public static bool IsShared(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? "";
        return name == typeof(ICtiPlugin).Assembly.GetName().Name
            || name == "Microsoft.Extensions.Primitives"
            || (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && name.EndsWith(".Abstractions", StringComparison.Ordinal));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached while loading a plugin, which PluginLoader.Create marks RequiresUnreferencedCode.")]
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name == typeof(ICtiPlugin).Assembly.GetName().Name)
        {
            return null; // always the host's contract: the types exchanged must be the same types
        }

        if (IsShared(assemblyName))
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
            {
                // The host has no such abstraction (or an older one): the plugin's own copy will do.
            }
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
