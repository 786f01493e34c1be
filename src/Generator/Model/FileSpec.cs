using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>The annotated fields one file declares, by attribute: the parser's result for the file.</summary>
/// <param name="Shared">The fields with <c>[Shared]</c>, in the file's order.</param>
/// <param name="Tied">The fields with <c>[Tied]</c>, in the file's order.</param>
internal sealed record FileSpec(ValueArray<FieldSpec> Shared, ValueArray<FieldSpec> Tied)
{
    public static readonly FileSpec Empty = new(ValueArray<FieldSpec>.Empty, ValueArray<FieldSpec>.Empty);
}
