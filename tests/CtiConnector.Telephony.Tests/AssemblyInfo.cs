// The interop tests start real peers (sipp, baresip, Kamailio) and bind real ports; running them one at a time
// keeps a 2-core machine from stretching their SIP timers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
