using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The rules for tensors that are compared, tied or anchored to each other: one shape, one dtype and device. Every
/// check of the runtime uses these; the weights of their penalties follow <see cref="PenaltyWeight"/>.
/// </summary>
internal static class TensorAgreement
{
    public static bool SameShape(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape);

    /// <summary>Whether two entries of one shared tensor agree: one shape, equal values (compared in the first's dtype).</summary>
    public static bool SameValues(Tensor a, Tensor b) => SameShape(a, b) && b.to(a.dtype).eq(a).all().item<bool>();

    /// <summary>Whether both tensors have one dtype and sit on one device: a penalty over them can be computed.</summary>
    public static bool SamePlacement(Tensor a, Tensor b)
        => a.dtype == b.dtype && a.device_type == b.device_type && a.device_index == b.device_index;

    /// <summary>A tensor's dtype and device as messages name them: <c>Float32 on cpu</c>.</summary>
    public static string Placement(Tensor tensor) => $"{tensor.dtype} on {tensor.device}";
}
