using System;
using TorchSharp;

namespace Declarative.Gallery;

/// <summary>
/// Runs libtorch's operations on one thread until disposed, then restores the previous thread count.
/// </summary>
/// <remarks>
/// The samples' models are small, so splitting an operation across threads gains little; and when the cores are
/// shared (the gallery runs on two), the waiting threads spin. Measured on the gallery's machine while other jobs
/// ran: the siamese sample took 56 s with two threads and 2.3 s with one.
/// </remarks>
public sealed class SingleThreaded : IDisposable
{
    private readonly int _previous;

    public SingleThreaded()
    {
        _previous = torch.get_num_threads();
        torch.set_num_threads(1);
    }

    public void Dispose() => torch.set_num_threads(_previous);
}
