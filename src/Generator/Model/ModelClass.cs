using Declarative.Shapes;

namespace Declarative.Generator.Model;

/// <summary>One member of a shared or tie group: a field, and a path inside it.</summary>
/// <param name="Field">The field's name.</param>
/// <param name="Member">The dotted path inside the field, or null.</param>
/// <param name="Transpose">[Shared]: this member is the owner's transpose.</param>
/// <param name="Kind">What the field holds.</param>
/// <param name="Shape">The inferred shape of the member, or null when it is not known.</param>
internal sealed record GroupMember(string Field, string? Member, bool Transpose, FieldKind Kind, string? Shape)
{
    public string Path => Member is null ? Field : Field + "." + Member;
}

/// <summary>Fields that share one set of parameters; <c>Members[0]</c>, the first declared, owns it.</summary>
internal sealed record SharedGroup(string Key, ValueArray<GroupMember> Members);

/// <summary>Fields whose parameters a penalty pulls together.</summary>
/// <param name="Lambda">The penalty strength, the same on every member (the analyzer reports disagreement).</param>
/// <param name="Norm">The runtime enum member name of the distance.</param>
internal sealed record TieGroup(string Key, double Lambda, string Norm, ValueArray<GroupMember> Members);

/// <summary>Everything the emitter needs for one model class: its groups, in declaration order.</summary>
/// <param name="ArrayFields">Annotated array fields, which TorchSharp does not register and the generated code must.</param>
internal sealed record ModelClass(
    ModelType Type,
    ValueArray<SharedGroup> SharedGroups,
    ValueArray<TieGroup> TieGroups,
    ValueArray<string> ArrayFields)
{
    /// <summary>Whether the generated code overrides <c>RegisterComponents()</c>.</summary>
    public bool RegistersComponents => SharedGroups.Count > 0 || ArrayFields.Count > 0;
}
