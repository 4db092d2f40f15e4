// The desktop tests start their own session bus, X server and notification daemon: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
