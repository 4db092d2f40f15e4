// One browser, one agent and one sipp at a time: these tests drive real processes on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
