using System;

namespace Declarative;

/// <summary>
/// Parameter tying, a soft constraint: the parameters of every field annotated with the same key stay separate,
/// and the model's generated <c>TyingPenalty()</c> adds <c>Lambda * Σ_{i&lt;j} ‖w_i − w_j‖²</c> over every pair
/// of the group, which pulls them together when added to the loss.
/// </summary>
/// <remarks>
/// A field can be a <c>Parameter</c> or a module; for modules every pair of corresponding parameters (weights
/// and biases alike) is tied. <see cref="Lambda"/> has no default: leaving it out is a compile-time error.
/// </remarks>
/// <example>
/// <code>
/// [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
/// [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
public sealed class TiedAttribute : Attribute
{
    /// <summary>Ties the annotated field to every other field annotated with <paramref name="key"/>.</summary>
    /// <param name="key">The name of the tie group.</param>
    public TiedAttribute(string key) => Key = key;

    /// <summary>The name of the tie group.</summary>
    public string Key { get; }

    /// <summary>The strength of the penalty; finite and not negative. Every member of a group gives the same value.</summary>
    public double Lambda { get; init; } = double.NaN;

    /// <summary>A dotted path to the sub-module or parameter inside the annotated module that is tied.</summary>
    public string? Member { get; init; }

    /// <summary>The distance the penalty uses; <see cref="TieNorm.SquaredL2"/> unless given.</summary>
    public TieNorm Norm { get; init; } = TieNorm.SquaredL2;
}
