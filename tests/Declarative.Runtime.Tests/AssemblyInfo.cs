// TorchSharp's random generator and default dtype are process-wide: tests that seed it must not interleave.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
