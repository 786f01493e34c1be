using System;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The rules for tensors that are compared, tied or anchored to each other: one shape, one dtype and device; and
/// for the weights of their penalties: finite and not negative. Every check of the runtime uses these.
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

    /// <summary>Whether <paramref name="weight"/> can scale a penalty: finite and not negative.</summary>
    public static bool IsPenaltyWeight(double weight) => !double.IsNaN(weight) && !double.IsInfinity(weight) && weight >= 0;

    /// <summary>Throws unless <paramref name="weight"/> <see cref="IsPenaltyWeight">can scale a penalty</see>.</summary>
    /// <param name="weight">The Lambda or weight.</param>
    /// <param name="parameterName">The argument it came from.</param>
    /// <param name="message">What the exception says: which Lambda, and that it must be finite and not negative.</param>
    public static double CheckPenaltyWeight(double weight, string parameterName, string message)
        => IsPenaltyWeight(weight) ? weight : throw new ArgumentOutOfRangeException(parameterName, weight, message);
}
