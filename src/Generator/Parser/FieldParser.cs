using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Declarative.Common;
using Declarative.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generator.Parser;

/// <summary>
/// Turns one field that carries <c>[Shared]</c> or <c>[Tied]</c> into a <see cref="FieldSpec"/>, or into nothing when
/// the generator cannot handle it. The rules are the analyzers' too (<c>Declarative.Common</c>); they report why, the
/// generator stays silent.
/// </summary>
internal static class FieldParser
{
    /// <param name="shapeComments">Whether to infer the shapes the generated comments give; without, none are.</param>
    public static FieldSpec? Parse(IFieldSymbol field, VariableDeclaratorSyntax declarator, ImmutableArray<AttributeData> attributes, bool shapeComments, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!FieldKinds.IsSupported(field))
            return null;

        var modelType = ParseModelType(field.ContainingType, cancellationToken);
        if (modelType is null)
            return null;

        var annotations = attributes
            .Select(a => AnnotationArguments.Read(a))
            .Where(a => a.Key is not null)
            .Select(a => new AnnotationSpec(a.Key!, a.Member, a.Transpose, a.Lambda, a.Norm))
            .ToValueArray();
        if (annotations.Count == 0)
            return null;

        return new FieldSpec(
            modelType,
            field.Name,
            field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            FieldKinds.Classify(field.Type)!.Value,
            annotations,
            DeclarationOrder.Of(field.ContainingType, declarator, cancellationToken),
            shapeComments ? Shapes(field, annotations, compilation, cancellationToken) : ValueArray<MemberShapeSpec>.Empty);
    }

    /// <summary>
    /// The inferred shape of each annotated member (a module's: its tensors'), as text for the generated comments;
    /// members of which nothing is known are left out. Only the text enters the pipeline's model, never the symbols inference worked with.
    /// </summary>
    private static ValueArray<MemberShapeSpec> Shapes(IFieldSymbol field, ValueArray<AnnotationSpec> annotations, Compilation compilation, CancellationToken cancellationToken)
    {
        var shapes = ImmutableArray.CreateBuilder<MemberShapeSpec>();
        foreach (var member in annotations.Select(a => a.Member ?? "").Distinct())
        {
            var shape = ShapeDescriptions.Describe(field, member.Length == 0 ? null : member, compilation, cancellationToken);
            if (shape is not null)
                shapes.Add(new MemberShapeSpec(member, shape));
        }
        return shapes.ToImmutable().ToValueArray();
    }

    /// <summary>The model class, if the generator can extend it: partial all the way out, a class, a TorchSharp module.</summary>
    private static ModelTypeSpec? ParseModelType(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!ModelRules.IsModuleClass(type))
            return null;

        // While a declaration is being typed its name can be missing; there is nothing to reopen yet.
        if (!SyntaxFacts.IsValidIdentifier(type.Name) || type.TypeParameters.Any(p => !SyntaxFacts.IsValidIdentifier(p.Name)))
            return null;

        var containing = ImmutableArray.CreateBuilder<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!SyntaxFacts.IsValidIdentifier(outer.Name)) return null;
            containing.Insert(0, Declaration(outer));
        }
        if (ModelRules.NonPartialDeclarations(type, cancellationToken).Any())
            return null;

        // A model that already declares one of the generated members would not compile with them.
        if (ModelRules.DeclaredGeneratedMembers(type).Any())
            return null;

        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        return new ModelTypeSpec(
            ns,
            containing.ToImmutable().ToValueArray(),
            Declaration(type),
            MetadataName(type),
            type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
    }

    private static string Declaration(INamedTypeSymbol type)
    {
        string keyword = type.IsRecord ? "record" : type.TypeKind == TypeKind.Struct ? "struct" : type.TypeKind == TypeKind.Interface ? "interface" : "class";
        var text = new StringBuilder("partial ").Append(keyword).Append(' ').Append(type.Name);
        if (type.TypeParameters.Length > 0)
            text.Append('<').Append(string.Join(", ", type.TypeParameters.Select(p => p.Name))).Append('>');
        return text.ToString();
    }

    /// <summary>The fully qualified metadata name, <see cref="ModelTypeSpec.MetadataName"/>: <c>Samples.Outer+Model`1</c>.</summary>
    internal static string MetadataName(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.MetadataName);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name.Insert(0, outer.MetadataName + "+");
        if (!type.ContainingNamespace.IsGlobalNamespace)
            name.Insert(0, type.ContainingNamespace.ToDisplayString() + ".");
        return name.ToString();
    }

    /// <summary>A double as a C# literal that reads back to the same value.</summary>
    public static string Literal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }
}
