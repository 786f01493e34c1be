using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The distances of <see cref="TieNorm"/> summed over the pairs of one set of tied tensors,
/// <c>Σ_{i&lt;j} d(w_i, w_j)</c>: the unweighted penalty, computed in O(k) tensor operations for k tensors rather
/// than over the k(k−1)/2 pairs.
/// </summary>
public static class TieDistance
{
    /// <summary>
    /// <c>Σ_{i&lt;j} ‖w_i − w_j‖²</c>, computed as <c>k · Σ_i ‖w_i − w̄‖²</c> with w̄ the mean: the same value, with
    /// k differences instead of k(k−1)/2, and without the cancellation of <c>k Σ‖w_i‖² − ‖Σ w_i‖²</c> when the
    /// tensors are close, which tied tensors are.
    /// </summary>
    /// <remarks>
    /// The gradient with respect to <c>w_i</c> is <c>2k (w_i − w̄)</c> (the deviations sum to zero). Rather than
    /// differentiating through the mean, the result carries that gradient through one product per member,
    /// <c>2k Σ_i ⟨w_i, d_i⟩</c> with the deviations <c>d_i</c> held constant, whose value is then replaced by the exact
    /// one. Forward and backward read each member a few times, as one reduction per member must. (Second
    /// derivatives are not those of the penalty.)
    /// </remarks>
    /// <param name="tensors">Two or more tensors of one shape, dtype and device.</param>
    public static Tensor SquaredL2(IReadOnlyList<Tensor> tensors)
    {
        CheckTensors(tensors);
        using var scope = NewDisposeScope();
        int k = tensors.Count;

        var deviations = new Tensor[k];
        Tensor value;
        using (no_grad())
        {
            var mean = tensors[0].clone();
            for (int i = 1; i < k; i++)
                mean.add_(tensors[i]);
            mean.div_(k);

            value = zeros(Array.Empty<long>(), dtype: tensors[0].dtype, device: tensors[0].device);
            for (int i = 0; i < k; i++)
            {
                deviations[i] = (tensors[i] - mean).reshape(-1);
                value.add_(deviations[i].dot(deviations[i]));
            }
            value.mul_(k);
        }

        Tensor? carrier = null;
        for (int i = 0; i < k; i++)
        {
            if (!tensors[i].requires_grad) continue;
            var term = tensors[i].reshape(-1).dot(deviations[i]);
            carrier = carrier is null ? term : carrier.add_(term);
        }
        if (carrier is null)
            return value.MoveToOuterDisposeScope();

        // value + (c − c) keeps the exact value and takes c's gradient, 2k (w_i − w̄) for each member.
        carrier = carrier.mul_(2 * k);
        return (carrier - carrier.detach() + value).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>Σ_{i&lt;j} ‖w_i − w_j‖₁</c>, computed as <c>Σ_i ⟨c_i, w_i⟩</c> where, element by element, <c>c_i</c> counts the
    /// members below <c>w_i</c> less the members above it: each pair then contributes its larger value minus its
    /// smaller one. The counts come from one sort and two binary searches per element, O(k log k).
    /// </summary>
    /// <remarks>
    /// The gradient is <c>c_i = Σ_j sign(w_i − w_j)</c> with <c>sign(0) = 0</c>, what autograd gives the pairwise
    /// definition: members that are exactly equal are not pushed apart.
    /// </remarks>
    /// <param name="tensors">Two or more tensors of one shape, dtype and device.</param>
    public static Tensor L1(IReadOnlyList<Tensor> tensors)
    {
        CheckTensors(tensors);
        using var scope = NewDisposeScope();
        int k = tensors.Count;
        var stacked = stack(tensors.Select(t => t.reshape(-1)).ToArray());       // [k, n]

        Tensor counts;
        using (no_grad())
        {
            var columns = stacked.detach().t().contiguous();                      // [n, k]: the k values of each element
            var sorted = columns.sort(dim: 1).Values;
            var below = searchsorted(sorted, columns, right: false);              // members strictly below
            var notAbove = searchsorted(sorted, columns, right: true);            // members below or equal
            counts = (below + notAbove - k).t().to(stacked.dtype);                // below − above, [k, n]
        }
        return (stacked * counts).sum().MoveToOuterDisposeScope();
    }

    /// <summary>The penalty of <paramref name="norm"/> for one set of tensors, not yet scaled by Lambda.</summary>
    public static Tensor Of(TieNorm norm, IReadOnlyList<Tensor> tensors) => norm switch
    {
        TieNorm.SquaredL2 => SquaredL2(tensors),
        TieNorm.L1 => L1(tensors),
        _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown TieNorm."),
    };

    /// <summary>
    /// Two or more tensors of one shape, dtype and device. Checked here because the in-place sum and the
    /// differences would otherwise broadcast a [1] against a [n] without a word.
    /// </summary>
    private static void CheckTensors(IReadOnlyList<Tensor> tensors)
    {
        if (tensors is null || tensors.Count < 2)
            throw new ArgumentException("A penalty needs two or more tensors.", nameof(tensors));
        var first = tensors[0] ?? throw new ArgumentException("Tensor 0 is null.", nameof(tensors));
        for (int i = 1; i < tensors.Count; i++)
        {
            var other = tensors[i] ?? throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
            if (!TensorAgreement.SameShape(other, first))
                throw new ArgumentException($"Tensor {i} is {ModelMember.Shape(other)} but tensor 0 is {ModelMember.Shape(first)}; tied tensors must have one shape.", nameof(tensors));
            if (!TensorAgreement.SamePlacement(other, first))
                throw new ArgumentException($"Tensor {i} is {TensorAgreement.Placement(other)} but tensor 0 is {TensorAgreement.Placement(first)}; tied tensors must have one dtype and device.", nameof(tensors));
        }
    }
}
