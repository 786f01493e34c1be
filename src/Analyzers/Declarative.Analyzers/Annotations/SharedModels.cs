using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Common;
using Microsoft.CodeAnalysis;

namespace Declarative.Analyzers.Annotations;

/// <summary>
/// The [Shared] groups a model holds: declared on its class and base classes, and on the models its fields hold
/// (a module field, a <c>ModuleList&lt;T&gt;</c> or an array of modules, as the generator classifies them),
/// recursively. Read with <see cref="ModelAnnotations"/>, by the fields' static types; a compiled model whose fields
/// its metadata hides is known by the generator's override of <c>state_dict</c>.
/// </summary>
internal static class SharedModels
{
    private const string TorchSharpAssembly = "TorchSharp";

    /// <summary>The groups <paramref name="type"/> holds, its own first, then its fields' in declaration order.</summary>
    public static ImmutableArray<HeldSharedGroup> GroupsHeldBy(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var found = ImmutableArray.CreateBuilder<HeldSharedGroup>();
        Walk(type, "", found, new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default), cancellationToken);
        return found.ToImmutable();
    }

    private static void Walk(INamedTypeSymbol type, string path, ImmutableArray<HeldSharedGroup>.Builder found, HashSet<INamedTypeSymbol> visited, CancellationToken cancellationToken)
    {
        // A type seen once is not walked again: models that hold themselves end, and a repeated sub-model is named once.
        if (!visited.Add(type)) return;

        var classes = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && TorchSymbols.IsModule(current) && current.ContainingAssembly?.Name != TorchSharpAssembly; current = current.BaseType)
            classes.Add(current);

        foreach (var declaring in classes)
        {
            var groups = ModelAnnotations.For(declaring, cancellationToken)?.Groups(AnnotationKind.Shared).ToList();
            if (groups is { Count: > 0 })
            {
                foreach (var group in groups)
                    found.Add(new HeldSharedGroup(group.Key, path, declaring));
            }
            else if (declaring.DeclaringSyntaxReferences.IsEmpty && OverridesStateDictForSharing(declaring))
            {
                found.Add(new HeldSharedGroup(null, path, declaring));
            }
        }

        foreach (var declaring in classes)
        {
            foreach (var field in declaring.GetMembers().OfType<IFieldSymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (field.IsStatic || field.IsConst || HeldModel(field.Type) is not INamedTypeSymbol held) continue;
                string name = field.AssociatedSymbol?.Name ?? field.Name;
                Walk(held, path.Length == 0 ? name : path + "." + name, found, visited, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether the generator gave a compiled model the <c>state_dict</c> override that leaves aliases out: it writes
    /// one for models with shared groups only, and it is public where the fields are not.
    /// </summary>
    private static bool OverridesStateDictForSharing(INamedTypeSymbol type)
        => type.GetMembers(ModelRules.StateDict).Any(m => m is IMethodSymbol { IsOverride: true } && DeclarativeGeneratedCode.IsGenerated(m));

    /// <summary>The model type a field holds: the module itself, or the element of a module list or array.</summary>
    private static ITypeSymbol? HeldModel(ITypeSymbol type) => FieldKinds.Classify(type) switch
    {
        FieldKind.Module => type,
        FieldKind.ModuleList => TorchSymbols.ModuleListElement(type),
        FieldKind.ModuleArray => ((IArrayTypeSymbol)type).ElementType,
        _ => null,
    };
}
