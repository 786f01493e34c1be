using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Analyzers.Model;

/// <summary>Which attribute an annotation is.</summary>
internal enum AnnotationKind
{
    Shared,
    Tied,
}

/// <summary>One <c>[Shared]</c> or <c>[Tied]</c> attribute on one field, with the syntax diagnostics point at.</summary>
internal sealed class Annotation
{
    public Annotation(AnnotationKind kind, IFieldSymbol field, AttributeData data, AttributeSyntax? syntax, int order)
    {
        Kind = kind;
        Field = field;
        Data = data;
        Syntax = syntax;
        Order = order;

        Key = data.ConstructorArguments.Length == 1 && data.ConstructorArguments[0].Value is string { Length: > 0 } key ? key : null;
        foreach (var argument in data.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Member":
                    Member = argument.Value.Value as string is { Length: > 0 } member ? member : null;
                    break;
                case "Transpose":
                    Transpose = argument.Value.Value is true;
                    break;
                case "Lambda":
                    Lambda = argument.Value.Value is double lambda ? lambda : double.NaN;
                    break;
                case "Norm":
                    Norm = argument.Value.Value is int norm ? norm : 0;
                    break;
            }
        }
    }

    public AnnotationKind Kind { get; }

    public IFieldSymbol Field { get; }

    public AttributeData Data { get; }

    public AttributeSyntax? Syntax { get; }

    /// <summary>Declaration order among the annotations of the class: the first member of a group is its owner.</summary>
    public int Order { get; }

    /// <summary>The group key; null when it is not a non-empty constant string.</summary>
    public string? Key { get; }

    public string? Member { get; }

    public bool Transpose { get; }

    /// <summary>The Lambda given; NaN when none is (the attribute's "missing" sentinel).</summary>
    public double Lambda { get; } = double.NaN;

    /// <summary>The <c>TieNorm</c> value given; 0 (SquaredL2) by default.</summary>
    public int Norm { get; }

    /// <summary>The member as messages name it: <c>head.weight</c>.</summary>
    public string Path => Member is null ? Field.Name : Field.Name + "." + Member;

    public Location Location => Syntax?.GetLocation() ?? Field.Locations.FirstOrDefault() ?? Location.None;

    /// <summary>The named argument <c>Name = value</c> as written, if it is.</summary>
    public AttributeArgumentSyntax? NamedArgument(string name)
        => Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    /// <summary>The key as written: the first positional argument.</summary>
    public AttributeArgumentSyntax? KeyArgument
        => Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null)
           ?? Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "key");

    public string AttributeName => Kind == AnnotationKind.Shared ? "Shared" : "Tied";
}

/// <summary>The members of one key, in declaration order; the first is the owner.</summary>
internal sealed class AnnotationGroup
{
    public AnnotationGroup(AnnotationKind kind, string key, ImmutableArray<Annotation> members)
    {
        Kind = kind;
        Key = key;
        Members = members;
    }

    public AnnotationKind Kind { get; }

    public string Key { get; }

    public ImmutableArray<Annotation> Members { get; }

    public Annotation Owner => Members[0];

    /// <summary>How messages name the owner's role: <c>owner of shared group 'vocab'</c>.</summary>
    public string OwnerRole => Kind == AnnotationKind.Shared ? $"owner of shared group '{Key}'" : $"first member of tie group '{Key}'";
}

/// <summary>Every <c>[Shared]</c> and <c>[Tied]</c> annotation of one class, in declaration order.</summary>
internal sealed class ModelAnnotations
{
    public const string SharedAttribute = "SharedAttribute";
    public const string TiedAttribute = "TiedAttribute";

    private ModelAnnotations(INamedTypeSymbol type, ImmutableArray<Annotation> annotations)
    {
        Type = type;
        Annotations = annotations;
    }

    public INamedTypeSymbol Type { get; }

    public ImmutableArray<Annotation> Annotations { get; }

    // Six analyzers ask for every type of the compilation; a symbol belongs to one compilation, so its answer is kept with it.
    private static readonly ConditionalWeakTable<INamedTypeSymbol, StrongBox<ModelAnnotations?>> Cache = new();

    /// <summary>The annotations of <paramref name="type"/>'s own fields; null when it has none.</summary>
    public static ModelAnnotations? For(INamedTypeSymbol type, CancellationToken cancellationToken)
        => Cache.GetValue(type, t => new StrongBox<ModelAnnotations?>(Find(t, cancellationToken))).Value;

    private static ModelAnnotations? Find(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var found = new List<(Annotation Annotation, (string File, int Declaration, int Member, int Variable) Order)>();
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsImplicitlyDeclared) continue;
            foreach (var attribute in field.GetAttributes())
            {
                var kind = KindOf(attribute.AttributeClass);
                if (kind is null) continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                found.Add((new Annotation(kind.Value, field, attribute, syntax, 0), Order(type, field, syntax, cancellationToken)));
            }
        }
        if (found.Count == 0) return null;

        var ordered = found
            .OrderBy(f => f.Order.File, StringComparer.Ordinal)
            .ThenBy(f => f.Order.Declaration)
            .ThenBy(f => f.Order.Member)
            .ThenBy(f => f.Order.Variable)
            .ThenBy(f => f.Annotation.Syntax?.SpanStart ?? 0)
            .Select((f, i) => new Annotation(f.Annotation.Kind, f.Annotation.Field, f.Annotation.Data, f.Annotation.Syntax, i))
            .ToImmutableArray();
        return new ModelAnnotations(type, ordered);
    }

    public static AnnotationKind? KindOf(INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is not { ContainingNamespace: { Name: "Declarative", ContainingNamespace.IsGlobalNamespace: true } })
            return null;
        return attributeClass.Name switch
        {
            SharedAttribute => AnnotationKind.Shared,
            TiedAttribute => AnnotationKind.Tied,
            _ => null,
        };
    }

    /// <summary>The groups of one attribute kind, ordered by their owner's declaration.</summary>
    public IEnumerable<AnnotationGroup> Groups(AnnotationKind kind)
        => Annotations
            .Where(a => a.Kind == kind && a.Key is not null)
            .GroupBy(a => a.Key!, StringComparer.Ordinal)
            .Select(g => new AnnotationGroup(kind, g.Key, g.OrderBy(a => a.Order).ToImmutableArray()))
            .OrderBy(g => g.Owner.Order);

    /// <summary>
    /// The generator's order: the file, the partial declaration within the file, the member within the
    /// declaration, the variable within the member.
    /// </summary>
    private static (string, int, int, int) Order(INamedTypeSymbol type, IFieldSymbol field, AttributeSyntax? attribute, CancellationToken cancellationToken)
    {
        var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        if (declarator is null)
            return (attribute?.SyntaxTree.FilePath ?? "", 0, 0, 0);
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
        int variableIndex = declarator.Parent is VariableDeclarationSyntax variables ? variables.Variables.IndexOf(declarator) : 0;
        return (file, declarationIndex, memberIndex, variableIndex);
    }
}
