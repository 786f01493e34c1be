using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>One member of a shared or tie group: a field, and a path inside it.</summary>
/// <param name="Field">The field's name.</param>
/// <param name="Member">The dotted path inside the field, or null.</param>
/// <param name="Transpose">[Shared]: this member is the owner's transpose.</param>
/// <param name="Kind">What the field holds.</param>
/// <param name="Shape">The inferred shape of the member, or null when it is not known.</param>
internal sealed record GroupMemberSpec(string Field, string? Member, bool Transpose, FieldKind Kind, string? Shape)
{
    public string Path => Member is null ? Field : Field + "." + Member;
}
