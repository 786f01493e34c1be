using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static Declarative.Runtime.Tests.PenaltyChecks;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// <see cref="TieDistance"/>, the O(k) forms of the pairwise penalties: values against hand-computed numbers and
/// against the loop over pairs, gradients against the analytic gradient and finite differences.
/// </summary>
public class TieDistanceTests
{
    public static TheoryData<int, string> Sizes()
    {
        var data = new TheoryData<int, string>();
        foreach (int k in new[] { 2, 3, 12 })
            foreach (var dtype in new[] { "float32", "float64" })
                data.Add(k, dtype);
        return data;
    }

    private static ScalarType Dtype(string name) => name == "float64" ? float64 : float32;

    /// <summary>k tensors near one another, as tied tensors are, with the values of every element distinct.</summary>
    private static List<Tensor> Close(int k, ScalarType dtype, bool requiresGrad = true)
    {
        var common = randn(4, 5, dtype: float64);
        return Enumerable.Range(0, k)
            .Select(_ => (common + 0.01 * randn(4, 5, dtype: float64)).to(dtype).requires_grad_(requiresGrad))
            .ToList();
    }

    [Fact]
    public void Squared_l2_of_three_vectors_equals_the_hand_computed_sum_over_pairs()
    {
        // (1,2) (3,5) (0,-1): pairs 4+9, 1+9, 9+36 = 13 + 10 + 45 = 68.
        var tensors = new[] { tensor(new[] { 1.0, 2.0 }), tensor(new[] { 3.0, 5.0 }), tensor(new[] { 0.0, -1.0 }) };
        Assert.Equal(68.0, TieDistance.SquaredL2(tensors).item<double>(), 12);
        Assert.Equal(13.0, TieDistance.SquaredL2(tensors.Take(2).ToList()).item<double>(), 12);
    }

    [Fact]
    public void L1_of_three_vectors_equals_the_hand_computed_sum_over_pairs()
    {
        // (1,2) (3,5) (0,-1): pairs 2+3, 1+3, 3+6 = 5 + 4 + 9 = 18.
        var tensors = new[] { tensor(new[] { 1.0, 2.0 }), tensor(new[] { 3.0, 5.0 }), tensor(new[] { 0.0, -1.0 }) };
        Assert.Equal(18.0, TieDistance.L1(tensors).item<double>(), 12);
        Assert.Equal(5.0, TieDistance.L1(tensors.Take(2).ToList()).item<double>(), 12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(12)]
    public void Squared_l2_in_o_k_equals_the_loop_over_pairs_to_1e_12_in_float64(int k)
    {
        manual_seed(k);
        var tensors = Close(k, float64, requiresGrad: false);
        Relative(Pairwise(TieNorm.SquaredL2, tensors), TieDistance.SquaredL2(tensors).item<double>(), 1e-12);

        // Far apart too, where the terms are large.
        var far = Enumerable.Range(0, k).Select(i => randn(3, 7, dtype: float64) * (i + 1)).ToList();
        Relative(Pairwise(TieNorm.SquaredL2, far), TieDistance.SquaredL2(far).item<double>(), 1e-12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(12)]
    public void L1_in_o_k_log_k_equals_the_loop_over_pairs_to_1e_12_in_float64(int k)
    {
        manual_seed(100 + k);
        var tensors = Close(k, float64, requiresGrad: false);
        Relative(Pairwise(TieNorm.L1, tensors), TieDistance.L1(tensors).item<double>(), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Squared_l2_gradient_is_2_k_w_i_minus_the_sum(int k, string dtype)
    {
        manual_seed(200 + k);
        var tensors = Close(k, Dtype(dtype));
        var penalty = TieDistance.SquaredL2(tensors);
        Assert.Equal(Dtype(dtype), penalty.dtype);
        Assert.Empty(penalty.shape);
        penalty.backward();

        double tolerance = dtype == "float64" ? 1e-12 : 1e-4;
        for (int i = 0; i < k; i++)
            PenaltyChecks.Close(SquaredL2Gradient(tensors, i), tensors[i].grad!, tolerance, $"gradient of tensor {i}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void L1_gradient_is_the_sum_of_signs(int k, string dtype)
    {
        manual_seed(300 + k);
        var tensors = Close(k, Dtype(dtype));
        TieDistance.L1(tensors).backward();

        for (int i = 0; i < k; i++)
            Assert.True(L1Gradient(tensors, i).eq(tensors[i].grad!.to(float64)).all().item<bool>(), $"gradient of tensor {i}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Squared_l2_gradient_matches_finite_differences(int k, string dtype)
    {
        manual_seed(400 + k);
        var type = Dtype(dtype);
        var tensors = Close(k, type);
        TieDistance.SquaredL2(tensors).backward();
        var direction = tensors.Select(t => randn_like(t)).ToList();

        // The penalty is quadratic: a central difference is exact but for rounding, which a larger step in float32 keeps small.
        double step = type == float64 ? 1e-4 : 1e-2;
        double numeric = CentralDifference(() => TieDistance.SquaredL2(tensors).to(float64).item<double>(), tensors, direction, step);
        Relative(numeric, Directional(tensors.Select(t => t.grad!).ToList(), direction), type == float64 ? 1e-8 : 1e-3, "directional derivative");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void L1_gradient_matches_finite_differences(int k, string dtype)
    {
        manual_seed(500 + k);
        var type = Dtype(dtype);
        // Member i sits in [i, i + 0.1], so the sorted order, and the slope, do not change within the step.
        var tensors = Enumerable.Range(0, k).Select(i => (i + 0.1 * rand(4, 5, dtype: float64)).to(type).requires_grad_(true)).ToList();
        TieDistance.L1(tensors).backward();
        // Two members are at least 0.8 apart and each moves at most 0.3: the penalty is linear along the whole
        // step, so a large step (which float32's rounding needs) is still exact.
        var direction = tensors.Select(t => rand_like(t) * 2 - 1).ToList();

        double numeric = CentralDifference(() => TieDistance.L1(tensors).to(float64).item<double>(), tensors, direction, 0.3);
        Relative(numeric, Directional(tensors.Select(t => t.grad!).ToList(), direction), type == float64 ? 1e-8 : 1e-2, "directional derivative");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void Float32_penalty_agrees_with_float64(int k)
    {
        manual_seed(600 + k);
        var tensors = Close(k, float64, requiresGrad: false);
        var single = tensors.Select(t => t.to(float32)).ToList();
        Relative(TieDistance.SquaredL2(tensors).item<double>(), TieDistance.SquaredL2(single).item<float>(), 1e-4, "squared L2");
        Relative(TieDistance.L1(tensors).item<double>(), TieDistance.L1(single).item<float>(), 1e-4, "L1");
    }

    [Fact]
    public void Equal_tensors_have_zero_penalty_and_zero_gradient()
    {
        var w = randn(3, 3, dtype: float64);
        var tensors = Enumerable.Range(0, 4).Select(_ => w.clone().requires_grad_(true)).ToList();
        var penalty = TieDistance.SquaredL2(tensors);
        Assert.Equal(0.0, penalty.item<double>());
        penalty.backward();
        Assert.All(tensors, t => Assert.True(t.grad!.eq(0).all().item<bool>()));
    }

    [Fact]
    public void L1_does_not_push_apart_members_that_are_exactly_equal()
    {
        // As autograd differentiates the pairwise |w_i - w_j| (sign(0) = 0): equal members feel only the others.
        // A sort-based subgradient would give two equal members -1 and +1 and separate towers copied from one
        // pretrained tensor.
        var w = randn(4, 3, dtype: float64);
        var equal = Enumerable.Range(0, 3).Select(_ => w.clone().requires_grad_(true)).ToList();
        var penalty = TieDistance.L1(equal);
        Assert.Equal(0.0, penalty.item<double>());
        penalty.backward();
        Assert.All(equal, t => Assert.True(t.grad!.eq(0).all().item<bool>(), "an equal member got a gradient"));

        // Two equal members and a third above them everywhere: each equal one is pulled up by 1, the third down by 2.
        var tensors = new[] { w.clone().requires_grad_(true), w.clone().requires_grad_(true), (w + 1).requires_grad_(true) };
        var l1 = TieDistance.L1(tensors);
        Assert.Equal(2.0 * w.numel(), l1.item<double>(), 12);
        l1.backward();
        Assert.True(tensors[0].grad!.eq(-1).all().item<bool>());
        Assert.True(tensors[1].grad!.eq(-1).all().item<bool>());
        Assert.True(tensors[2].grad!.eq(2).all().item<bool>());
    }

    [Fact]
    public void L1_with_ties_equals_the_loop_over_pairs()
    {
        // Values from a small set, so that many elements tie between members.
        manual_seed(7);
        var tensors = Enumerable.Range(0, 12).Select(_ => randint(0, 4, new long[] { 5, 6 }).to(float64)).ToList();
        Relative(Pairwise(TieNorm.L1, tensors), TieDistance.L1(tensors).item<double>(), 1e-12);
    }

    [Fact]
    public void Tensors_of_different_shapes_are_refused_instead_of_broadcast()
    {
        // [1] against [3] would broadcast in the in-place sum; the penalty must refuse it.
        var error = Assert.Throws<ArgumentException>(() => TieDistance.SquaredL2(new[] { ones(3), ones(1) }));
        Assert.Contains("[1]", error.Message);
        Assert.Contains("[3]", error.Message);
        Assert.Throws<ArgumentException>(() => TieDistance.L1(new[] { ones(3), ones(3, 1) }));
    }

    [Fact]
    public void Tensors_of_different_dtypes_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TieDistance.SquaredL2(new[] { ones(3), ones(3, dtype: float64) }));
        Assert.Contains("Float64", error.Message);
    }

    [Fact]
    public void A_tie_group_refuses_a_Norm_that_TieNorm_does_not_define()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TieGroup("k", 0.1, (TieNorm)2, new TiedMember("a"), new TiedMember("b")));
        Assert.Contains("Tie group 'k': Norm 2 is not a TieNorm member", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TieDistance.Of((TieNorm)2, new[] { ones(3), ones(3) }));
    }

    [Fact]
    public void Fewer_than_two_tensors_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TieDistance.SquaredL2(new[] { ones(3) }));
        Assert.Throws<ArgumentException>(() => TieDistance.L1(Array.Empty<Tensor>()));
    }

    [Fact]
    public void Penalty_leaves_its_inputs_unchanged()
    {
        // The O(k) form works in place on intermediate tensors; never on the members themselves.
        var tensors = new[] { randn(5), randn(5), randn(5) };
        var before = tensors.Select(t => t.clone()).ToList();
        TieDistance.SquaredL2(tensors);
        TieDistance.L1(tensors);
        for (int i = 0; i < tensors.Length; i++)
            Assert.True(tensors[i].eq(before[i]).all().item<bool>());
    }
}
