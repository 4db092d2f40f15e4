using System.Reflection;

namespace CtiConnector.Plugins.Host.Tests;

/// <summary>A temporary installation: <c>plugins/</c> and <c>data/plugins/</c> folders holding copies of the adapters' build output.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder()
    {
        Root = Directory.CreateTempSubdirectory("cti-plugins-").FullName;
        Installation = Directory.CreateDirectory(Path.Combine(Root, "plugins")).FullName;
        DataDirectory = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        DataPlugins = Directory.CreateDirectory(Path.Combine(DataDirectory, "plugins")).FullName;
    }

    public string Root { get; }

    public string Installation { get; }

    public string DataDirectory { get; }

    public string DataPlugins { get; }

    /// <summary>The build output of adapter <paramref name="name"/> (e.g. <c>Webhook</c>), built before the tests by project reference.</summary>
    public static string BuildOutput(string name)
    {
        var configuration = typeof(PluginFolder).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CtiConnector.sln")))
        {
            directory = directory.Parent;
        }

        var output = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "plugins", name, "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(output, "plugin.json")) ? output : throw new InvalidOperationException($"{output} has no build of {name}");
    }

    /// <summary>Copies adapter <paramref name="name"/> into <paramref name="root"/>/<paramref name="folder"/> and returns that folder.</summary>
    public static string Copy(string name, string root, string? folder = null)
    {
        var source = BuildOutput(name);
        var target = Path.Combine(root, folder ?? name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A loaded plugin's files may still be mapped; the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
