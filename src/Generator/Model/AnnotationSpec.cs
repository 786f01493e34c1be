namespace Declarative.Generator.Model;

/// <summary>One <c>[Shared]</c> or <c>[Tied]</c> attribute on one field, as <c>AnnotationArguments</c> read it.</summary>
/// <param name="Key">The group key.</param>
/// <param name="Member">The dotted path inside the field, or null.</param>
/// <param name="Transpose">[Shared] only: the member is the owner's transpose.</param>
/// <param name="Lambda">[Tied] only: the penalty strength; NaN when none is given.</param>
/// <param name="Norm">[Tied] only: the <c>TieNorm</c> value, as a number.</param>
internal sealed record AnnotationSpec(string Key, string? Member, bool Transpose, double Lambda, int Norm);
