using System;
using System.Reflection;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// The address of a tensor's native storage, whatever its dtype. TorchSharp exposes it only through typed storages
/// that convert other dtypes first, so this calls the native accessor that they use.
/// </summary>
public static class NativeStorage
{
    private static readonly MethodInfo DataPointer =
        typeof(Tensor).Assembly.GetType("TorchSharp.PInvoke.NativeMethods")!
            .GetMethod("THSStorage_data_ptr", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!;

    public static IntPtr Address(Tensor tensor) => (IntPtr)DataPointer.Invoke(null, new object[] { tensor.Handle })!;
}
