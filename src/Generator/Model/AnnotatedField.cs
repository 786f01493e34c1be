using Declarative.Shapes;

namespace Declarative.Generator.Model;

/// <summary>What a field holds, which decides how it is shared or tied.</summary>
internal enum FieldKind
{
    /// <summary>A TorchSharp module: all its parameters and buffers, or the one that Member names.</summary>
    Module,

    /// <summary>A <c>Parameter</c> field of the model itself.</summary>
    Parameter,

    /// <summary>A <c>ModuleList&lt;T&gt;</c>: every element is a member.</summary>
    ModuleList,

    /// <summary>An array of modules: every element is a member.</summary>
    ModuleArray,
}

/// <summary>One <c>[Shared]</c> or <c>[Tied]</c> attribute on one field.</summary>
/// <param name="Key">The group key.</param>
/// <param name="Member">The dotted path inside the field, or null.</param>
/// <param name="Transpose">[Shared] only: the member is the owner's transpose.</param>
/// <param name="Lambda">[Tied] only: the penalty strength.</param>
/// <param name="Norm">[Tied] only: the runtime enum member name, <c>SquaredL2</c> or <c>L1</c>.</param>
internal sealed record Annotation(string Key, string? Member, bool Transpose, double Lambda, string Norm);

/// <summary>A field that carries <c>[Shared]</c> or <c>[Tied]</c>, as the parser saw it.</summary>
/// <param name="Type">The model class that declares it.</param>
/// <param name="Name">The field's name.</param>
/// <param name="TypeName">The field's type as written for a reader, e.g. <c>Linear</c> or <c>ModuleList&lt;Layer&gt;</c>.</param>
/// <param name="Kind">What the field holds.</param>
/// <param name="Annotations">The attributes of one kind ([Shared] or [Tied], by pipeline) on the field.</param>
/// <param name="Order">Declaration order across partial declarations: file path, then position.</param>
/// <param name="Shapes">Inferred shapes of the shared or tied tensors by member path ("" for the field), for comments.</param>
internal sealed record AnnotatedField(
    ModelType Type,
    string Name,
    string TypeName,
    FieldKind Kind,
    ValueArray<Annotation> Annotations,
    DeclarationOrder Order,
    ValueArray<MemberShape> Shapes);

/// <summary>
/// Where a field stands among the fields of its class, to order group members across partial declarations: the
/// file, the partial declaration within the file, the member within the declaration, the variable within the
/// member. Ordinals rather than positions, so that an edit inside a method body changes nothing here.
/// </summary>
internal readonly record struct DeclarationOrder(string FilePath, int Declaration, int Member, int Variable)
    : System.IComparable<DeclarationOrder>
{
    public int CompareTo(DeclarationOrder other)
    {
        int order = string.CompareOrdinal(FilePath, other.FilePath);
        if (order == 0) order = Declaration.CompareTo(other.Declaration);
        if (order == 0) order = Member.CompareTo(other.Member);
        if (order == 0) order = Variable.CompareTo(other.Variable);
        return order;
    }
}

/// <summary>
/// An inferred shape for one member path of a field, as the comments print it: <c>[vocab, dim]</c>, or for a module
/// its tensors, <c>weight [hidden, input], bias [hidden]</c>.
/// </summary>
internal sealed record MemberShape(string Member, string Shape);
