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
}
