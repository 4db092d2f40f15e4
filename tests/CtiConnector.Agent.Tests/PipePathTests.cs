using System.Text;
using CtiConnector.Agent.Hosting;

namespace CtiConnector.Agent.Tests;

public sealed class PipePathTests
{
    [Fact]
    public void AShortDataDirectoryHoldsItsOwnSocket()
    {
        Assert.Equal(Path.Combine("/home/ana/.local/share/cti-connector", "cti.sock"), AgentHost.PipePathFor("/home/ana/.local/share/cti-connector"));
    }

    [Fact]
    public void ADataDirectoryTooDeepForASocketPathGetsAShortSocketOfItsOwn()
    {
        var deep = "/home/ana/" + string.Join('/', Enumerable.Repeat("quite-a-long-folder-name", 6));
        var other = deep + "-2";

        var path = AgentHost.PipePathFor(deep);

        Assert.InRange(Encoding.UTF8.GetByteCount(path), 1, 107);
        Assert.EndsWith(".sock", path, StringComparison.Ordinal);
        Assert.Equal(path, AgentHost.PipePathFor(deep));
        Assert.NotEqual(path, AgentHost.PipePathFor(other));
    }
}
