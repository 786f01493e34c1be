using System;
using static TorchSharp.torch;

namespace Declarative.Gallery;

/// <summary>Runs the gallery's small models on one intra-op thread.</summary>
internal static class SingleThread
{
    /// <summary>
    /// Runs <paramref name="run"/> with TorchSharp's intra-op threads set to one, then restores the setting. The
    /// gallery's models are tiny: a second thread only synchronizes, and on a busy machine its spin-waits make a
    /// run many times slower.
    /// </summary>
    public static T Run<T>(Func<T> run)
    {
        int threads = get_num_threads();
        set_num_threads(1);
        try
        {
            return run();
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
