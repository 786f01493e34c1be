using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Declarative.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Analyzers.Annotations;

/// <summary>Every <c>[Shared]</c> and <c>[Tied]</c> annotation of one class, in declaration order.</summary>
internal sealed class ModelAnnotations
{
    private ModelAnnotations(INamedTypeSymbol type, ImmutableArray<FieldAnnotation> annotations)
    {
        Type = type;
        Annotations = annotations;
    }

    public INamedTypeSymbol Type { get; }

    public ImmutableArray<FieldAnnotation> Annotations { get; }

    // Six analyzers ask for every type of the compilation; a symbol belongs to one compilation, so its answer is kept with it.
    private static readonly ConditionalWeakTable<INamedTypeSymbol, StrongBox<ModelAnnotations?>> Cache = new();

    /// <summary>The annotations of <paramref name="type"/>'s own fields; null when it has none.</summary>
    public static ModelAnnotations? For(INamedTypeSymbol type, CancellationToken cancellationToken)
        => Cache.GetValue(type, t => new StrongBox<ModelAnnotations?>(Find(t, cancellationToken))).Value;

    private static ModelAnnotations? Find(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var found = new List<(AnnotationKind Kind, IFieldSymbol Field, AttributeData Data, AttributeSyntax? Syntax, DeclarationOrder Order)>();
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsImplicitlyDeclared) continue;
            foreach (var attribute in field.GetAttributes())
            {
                var kind = DeclarativeAttributes.KindOf(attribute.AttributeClass);
                if (kind is null) continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                found.Add((kind.Value, field, attribute, syntax, Order(type, field, syntax, cancellationToken)));
            }
        }
        if (found.Count == 0) return null;

        // The generator's order (DeclarationOrder), then the attributes of one field as written.
        var ordered = found
            .OrderBy(f => f.Order)
            .ThenBy(f => f.Syntax?.SpanStart ?? 0)
            .Select((f, i) => new FieldAnnotation(f.Kind, f.Field, f.Data, f.Syntax, i))
            .ToImmutableArray();
        return new ModelAnnotations(type, ordered);
    }

    /// <summary>The groups of one attribute kind, ordered by their owner's declaration.</summary>
    public IEnumerable<AnnotationGroup> Groups(AnnotationKind kind)
        => Annotations
            .Where(a => a.Kind == kind && a.Key is not null)
            .GroupBy(a => a.Key!, StringComparer.Ordinal)
            .Select(g => new AnnotationGroup(kind, g.Key, g.OrderBy(a => a.Order).ToImmutableArray()))
            .OrderBy(g => g.Owner.Order);

    private static DeclarationOrder Order(INamedTypeSymbol type, IFieldSymbol field, AttributeSyntax? attribute, CancellationToken cancellationToken)
    {
        var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        return declarator is null
            ? new DeclarationOrder(attribute?.SyntaxTree.FilePath ?? "", 0, 0, 0)
            : DeclarationOrder.Of(type, declarator, cancellationToken);
    }
}
