using System.Runtime.CompilerServices;

// TorchSharp's random generator and default dtype are process-wide: tests that seed it must not interleave.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace Declarative.Runtime.Tests;

internal static class TestProcess
{
    /// <summary>
    /// The models under test are small: one intra-op thread is as fast, deterministic, and does not spin when the
    /// machine's cores are shared (the gallery measured 56 s on two threads against 2.3 s on one).
    /// </summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "A test assembly sets up its process once.")]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
