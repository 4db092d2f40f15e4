namespace CtiConnector.Browser.Tests.Support;

/// <summary>Paths in the repository this test assembly was built from (the folder holding <c>CtiConnector.sln</c>).</summary>
public static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CtiConnector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CtiConnector.sln) was not found above " + AppContext.BaseDirectory);
    }
}
