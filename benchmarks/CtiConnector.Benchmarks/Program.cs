using BenchmarkDotNet.Running;
using CtiConnector.Benchmarks.Storage;

namespace CtiConnector.Benchmarks;

internal static class Program
{
    private static async Task Main(string[] args)
    {
        // A scale run that builds its own multi-GB database and times with a stopwatch (see BENCHMARKS.md).
        if (args.Length > 0 && args[0] == "history-scale")
        {
            await HistoryScaleBenchmark.RunAsync(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
