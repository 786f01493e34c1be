using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>A field that carries <c>[Shared]</c> or <c>[Tied]</c>, as the parser saw it.</summary>
/// <param name="Type">The model class that declares it.</param>
/// <param name="Name">The field's name.</param>
/// <param name="TypeName">The field's type as written for a reader, e.g. <c>Linear</c> or <c>ModuleList&lt;Layer&gt;</c>.</param>
/// <param name="Kind">What the field holds.</param>
/// <param name="Annotations">The attributes of one kind ([Shared] or [Tied], by pipeline) on the field.</param>
/// <param name="Order">Declaration order across partial declarations: file path, then position.</param>
/// <param name="Shapes">Inferred shapes of the shared or tied tensors by member path ("" for the field), for comments.</param>
internal sealed record FieldSpec(
    ModelTypeSpec Type,
    string Name,
    string TypeName,
    FieldKind Kind,
    ValueArray<AnnotationSpec> Annotations,
    DeclarationOrder Order,
    ValueArray<MemberShapeSpec> Shapes);
