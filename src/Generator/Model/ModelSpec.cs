using System.Linq;
using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>Everything the emitter needs for one model class: its groups, in declaration order.</summary>
/// <param name="ArrayFields">Annotated array fields, which TorchSharp does not register and the generated code must.</param>
internal sealed record ModelSpec(
    ModelTypeSpec Type,
    ValueArray<SharedGroupSpec> SharedGroups,
    ValueArray<TieGroupSpec> TieGroups,
    ValueArray<string> ArrayFields)
{
    /// <summary>Whether the generated code overrides <c>RegisterComponents()</c>.</summary>
    public bool RegistersComponents => SharedGroups.Count > 0 || ArrayFields.Count > 0;

    /// <summary>
    /// Whether an alias can be a buffer, so that the generated code overrides <c>named_buffers()</c>: a module (whole,
    /// or at a member path, which may name a buffer or a sub-module), a collection of modules. A <c>Parameter</c> field
    /// is registered as a parameter, so a model whose groups hold only those has no alias among its buffers.
    /// </summary>
    public bool MayShareBuffers => SharedGroups.Any(g => g.Members.Any(m => m.Kind != FieldKind.Parameter));
}
