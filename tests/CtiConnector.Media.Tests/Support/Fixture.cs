using CtiConnector.Media.Sdp;

namespace CtiConnector.Media.Tests.Support;

/// <summary>Loads the raw SDP bodies under Sdp/Fixtures (copied next to the test assembly).</summary>
internal static class Fixture
{
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Fixtures", name));

    public static SessionDescription Sdp(string name)
    {
        Assert.True(SessionDescription.TryParse(Text(name), out var sdp, out var error), error?.ToString());
        return sdp;
    }
}
