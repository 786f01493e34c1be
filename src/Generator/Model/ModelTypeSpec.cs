using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>
/// The model class that the generated partial declaration extends: where it is declared and how to reopen it.
/// </summary>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">The declarations of enclosing types, outermost first, e.g. <c>partial class Outer</c>.</param>
/// <param name="Declaration">The type's own reopening declaration, e.g. <c>partial class Model&lt;T&gt;</c>.</param>
/// <param name="MetadataName">The fully qualified metadata name, unique per type: the grouping key.</param>
/// <param name="DisplayName">The name as a reader knows it, e.g. <c>Outer.Model&lt;T&gt;</c>.</param>
internal sealed record ModelTypeSpec(
    string? Namespace,
    ValueArray<string> ContainingTypes,
    string Declaration,
    string MetadataName,
    string DisplayName)
{
    /// <summary>A file name unique per type and stable across runs, e.g. <c>Samples.Outer.Model`1.g.cs</c>.</summary>
    public string HintName => MetadataName.Replace('+', '.').Replace('<', '[').Replace('>', ']') + ".g.cs";
}
