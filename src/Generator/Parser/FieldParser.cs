using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Declarative.Generator.Model;
using Declarative.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generator.Parser;

/// <summary>
/// Turns one field that carries <c>[Shared]</c> or <c>[Tied]</c> into an <see cref="AnnotatedField"/>, or into
/// nothing when the generator cannot handle it. The analyzers report why; the generator stays silent.
/// </summary>
internal static class FieldParser
{
    /// <summary>The members the generated partial declares; a model that declares one itself is left alone.</summary>
    public static readonly ImmutableArray<string> GeneratedMemberNames = ImmutableArray.Create(
        "RegisterComponents", "named_parameters", "named_buffers", "state_dict", "load_state_dict", "load", "_toEpilog", "TyingPenalty");

    public static AnnotatedField? Parse(IFieldSymbol field, VariableDeclaratorSyntax declarator, ImmutableArray<AttributeData> attributes, Compilation compilation, CancellationToken cancellationToken)
    {
        if (field is not { IsStatic: false, IsConst: false })
            return null;

        var kind = Classify(field.Type);
        if (kind is null)
            return null;

        var modelType = ParseModelType(field.ContainingType, cancellationToken);
        if (modelType is null)
            return null;

        var annotations = attributes
            .Select(ParseAnnotation)
            .Where(a => a is not null)
            .Select(a => a!)
            .ToValueArray();
        if (annotations.Count == 0)
            return null;

        var order = Order(field.ContainingType, declarator, cancellationToken);

        return new AnnotatedField(
            modelType,
            field.Name,
            field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            kind.Value,
            annotations,
            order,
            Shapes(field, annotations, compilation, cancellationToken));
    }

    /// <summary>
    /// The inferred shape of each annotated member (a module's: its tensors'), as text for the generated comments;
    /// members of which nothing is known are left out. Only the text enters the pipeline's model, never the symbols inference worked with.
    /// </summary>
    private static ValueArray<MemberShape> Shapes(IFieldSymbol field, ValueArray<Annotation> annotations, Compilation compilation, CancellationToken cancellationToken)
    {
        var shapes = ImmutableArray.CreateBuilder<MemberShape>();
        foreach (var member in annotations.Select(a => a.Member ?? "").Distinct())
        {
            var shape = ShapeDescriptions.Describe(field, member.Length == 0 ? null : member, compilation, cancellationToken);
            if (shape is not null)
                shapes.Add(new MemberShape(member, shape));
        }
        return shapes.ToImmutable().ToValueArray();
    }

    private static DeclarationOrder Order(INamedTypeSymbol type, SyntaxNode declarator, CancellationToken cancellationToken)
    {
        string file = declarator.SyntaxTree.FilePath;
        var declaration = declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        var member = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        int declarationIndex = type.DeclaringSyntaxReferences
            .Where(r => r.SyntaxTree == declarator.SyntaxTree)
            .OrderBy(r => r.Span.Start)
            .Select(r => r.GetSyntax(cancellationToken))
            .ToList()
            .IndexOf(declaration!);
        int memberIndex = declaration is null || member is null ? 0 : declaration.Members.IndexOf(member);
        int variableIndex = declarator.Parent is VariableDeclarationSyntax variables ? variables.Variables.IndexOf((VariableDeclaratorSyntax)declarator) : 0;
        return new DeclarationOrder(file, declarationIndex, memberIndex, variableIndex);
    }

    private static FieldKind? Classify(ITypeSymbol type)
    {
        if (KnownTypes.IsParameter(type)) return FieldKind.Parameter;
        if (KnownTypes.ModuleListElement(type) is { } element && KnownTypes.IsModule(element)) return FieldKind.ModuleList;
        if (KnownTypes.IsModule(type)) return FieldKind.Module;
        if (type is IArrayTypeSymbol { Rank: 1 } array && KnownTypes.IsModule(array.ElementType)) return FieldKind.ModuleArray;
        return null;
    }

    /// <summary>The model class, if the generator can extend it: partial all the way out, a class, a TorchSharp module.</summary>
    private static ModelType? ParseModelType(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic || !KnownTypes.IsModule(type.BaseType))
            return null;

        // While a declaration is being typed its name can be missing; there is nothing to reopen yet.
        if (!SyntaxFacts.IsValidIdentifier(type.Name) || type.TypeParameters.Any(p => !SyntaxFacts.IsValidIdentifier(p.Name)))
            return null;

        var containing = ImmutableArray.CreateBuilder<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!SyntaxFacts.IsValidIdentifier(outer.Name) || !IsPartial(outer, cancellationToken)) return null;
            containing.Insert(0, Declaration(outer));
        }
        if (!IsPartial(type, cancellationToken))
            return null;

        // A model that already declares one of the generated members would not compile with them.
        foreach (var name in GeneratedMemberNames)
        {
            if (type.GetMembers(name).Any(m => !m.IsImplicitlyDeclared))
                return null;
        }

        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        return new ModelType(
            ns,
            containing.ToImmutable().ToValueArray(),
            Declaration(type),
            MetadataName(type),
            type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
                || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                return false;
        }
        return type.DeclaringSyntaxReferences.Length > 0;
    }

    private static string Declaration(INamedTypeSymbol type)
    {
        string keyword = type.IsRecord ? "record" : type.TypeKind == TypeKind.Struct ? "struct" : type.TypeKind == TypeKind.Interface ? "interface" : "class";
        var text = new StringBuilder("partial ").Append(keyword).Append(' ').Append(type.Name);
        if (type.TypeParameters.Length > 0)
            text.Append('<').Append(string.Join(", ", type.TypeParameters.Select(p => p.Name))).Append('>');
        return text.ToString();
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.MetadataName);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name.Insert(0, outer.MetadataName + "+");
        if (!type.ContainingNamespace.IsGlobalNamespace)
            name.Insert(0, type.ContainingNamespace.ToDisplayString() + ".");
        return name.ToString();
    }

    private static Annotation? ParseAnnotation(AttributeData attribute)
    {
        if (attribute.ConstructorArguments is not [{ Value: string key }] || key.Length == 0)
            return null;

        string? member = null;
        bool transpose = false;
        double lambda = double.NaN;
        string norm = "SquaredL2";
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Member": member = argument.Value.Value as string; break;
                case "Transpose": transpose = argument.Value.Value is true; break;
                case "Lambda": lambda = argument.Value.Value is double d ? d : double.NaN; break;
                case "Norm": norm = argument.Value.Value is 1 ? "L1" : "SquaredL2"; break;
            }
        }
        if (member is { Length: 0 }) member = null;
        return new Annotation(key, member, transpose, lambda, norm);
    }

    /// <summary>A double as a C# literal that reads back to the same value.</summary>
    public static string Literal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }
}
