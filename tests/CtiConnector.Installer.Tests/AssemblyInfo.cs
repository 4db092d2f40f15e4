// Publishing is heavy (2 cores): the tests run one at a time, the Linux ones on a single shared publish.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
