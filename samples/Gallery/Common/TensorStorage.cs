using System;
using static TorchSharp.torch;

namespace Declarative.Gallery;

/// <summary>Whether two tensors are one memory: the check that a shared tensor really is shared.</summary>
public static class TensorStorage
{
    /// <summary>The address of <paramref name="tensor"/>'s storage (float32 and float64 tensors, as the samples use).</summary>
    public static IntPtr Address(Tensor tensor) => tensor.dtype switch
    {
        ScalarType.Float32 => tensor.storage<float>().data_ptr(),
        ScalarType.Float64 => tensor.storage<double>().data_ptr(),
        _ => throw new ArgumentException($"TensorStorage reads float32 and float64 tensors; this one is {tensor.dtype}.", nameof(tensor)),
    };

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are views of one storage.</summary>
    public static bool Same(Tensor a, Tensor b) => Address(a) == Address(b);
}
