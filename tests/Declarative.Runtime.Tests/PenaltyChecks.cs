using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>The definitions the penalty is checked against, written the slow and obvious way.</summary>
public static class PenaltyChecks
{
    /// <summary><c>Σ_{i&lt;j} d(w_i, w_j)</c> by an explicit loop over the pairs, in float64.</summary>
    public static double Pairwise(TieNorm norm, IReadOnlyList<Tensor> tensors)
    {
        double total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            for (int j = i + 1; j < tensors.Count; j++)
            {
                var difference = tensors[i].to(float64) - tensors[j].to(float64);
                total += norm == TieNorm.SquaredL2 ? difference.square().sum().item<double>() : difference.abs().sum().item<double>();
            }
        }
        return total;
    }

    /// <summary>The gradient of <c>Σ_{i&lt;j} ‖w_i − w_j‖²</c> with respect to <c>w_i</c>: <c>2 (k w_i − Σ_j w_j)</c>.</summary>
    public static Tensor SquaredL2Gradient(IReadOnlyList<Tensor> tensors, int i)
    {
        using var _ = no_grad();
        var sum = tensors.Select(t => t.to(float64)).Aggregate((a, b) => a + b);
        return 2 * (tensors.Count * tensors[i].to(float64) - sum);
    }

    /// <summary>The gradient of <c>Σ_{i&lt;j} ‖w_i − w_j‖₁</c> with respect to <c>w_i</c> (values distinct): <c>Σ_j sign(w_i − w_j)</c>.</summary>
    public static Tensor L1Gradient(IReadOnlyList<Tensor> tensors, int i)
    {
        using var _ = no_grad();
        return tensors.Select(t => (tensors[i].to(float64) - t.to(float64)).sign()).Aggregate((a, b) => a + b);
    }

    /// <summary>
    /// The derivative of <paramref name="value"/> along <paramref name="direction"/> (one tensor per parameter), by a
    /// central difference. The penalties are quadratic or piecewise linear, so it is exact up to rounding as long as
    /// the step crosses no kink.
    /// </summary>
    public static double CentralDifference(Func<double> value, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> direction, double step)
    {
        double At(double scale)
        {
            using var _ = no_grad();
            for (int i = 0; i < parameters.Count; i++) parameters[i].add_(direction[i] * scale);
            double result = value();
            for (int i = 0; i < parameters.Count; i++) parameters[i].sub_(direction[i] * scale);
            return result;
        }
        return (At(step) - At(-step)) / (2 * step);
    }

    /// <summary>The derivative along <paramref name="direction"/> that the gradients give: <c>Σ ⟨∇_i, d_i⟩</c>.</summary>
    public static double Directional(IReadOnlyList<Tensor> gradients, IReadOnlyList<Tensor> direction)
        => gradients.Zip(direction, (g, d) => (g.to(float64) * d.to(float64)).sum().item<double>()).Sum();

    public static void Relative(double expected, double actual, double tolerance, string what = "")
        => Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(Math.Abs(expected), 1e-300),
            $"{what} expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):E2}, tolerance {tolerance:E0})");

    public static void Close(Tensor expected, Tensor actual, double relative, string what)
    {
        double scale = expected.to(float64).abs().max().item<double>();
        double error = (expected.to(float64) - actual.to(float64)).abs().max().item<double>();
        Assert.True(error <= relative * Math.Max(scale, 1e-12), $"{what}: largest error {error:E3} against largest value {scale:E3} (tolerance {relative:E0} relative)");
    }
}
