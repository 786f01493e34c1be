using System;

namespace Declarative;

/// <summary>
/// Tells the analyzers the shape of a shared or tied member whose shape they cannot infer from how the field is
/// created (a module built by a delegate, loaded from a file, or returned by a factory they cannot read). It changes
/// nothing at run time.
/// </summary>
/// <remarks>
/// Each dimension is an integer expression over numbers and names, as the inferred shapes print them
/// (<c>"vocab"</c>, <c>"4 * cfg.Hidden"</c>), or <c>"?"</c> for a dimension left unknown. Names are compared as
/// written: <c>"dim"</c> in a hint matches the constructor parameter <c>dim</c>. When the analyzers can infer the
/// shape too, the hint must agree with it.
/// </remarks>
/// <example>
/// <code>
/// [Shared("vocab", Member = "weight")] [Shape("vocab", "dim", Member = "weight")] private readonly Linear head;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
public sealed class ShapeAttribute : Attribute
{
    /// <summary>Declares the shape of the annotated field, or of its <see cref="Member"/>.</summary>
    /// <param name="dimensions">The sizes, outermost first.</param>
    public ShapeAttribute(params string[] dimensions) => Dimensions = dimensions ?? Array.Empty<string>();

    /// <summary>The sizes, outermost first.</summary>
    public string[] Dimensions { get; }

    /// <summary>The dotted path inside the field that the shape is for, or <see langword="null"/> for the field.</summary>
    public string? Member { get; init; }
}
