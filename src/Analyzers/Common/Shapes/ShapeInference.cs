using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Common.Shapes;

/// <summary>
/// Infers, without running anything, the shapes of a TorchSharp model's fields from the code that creates them:
/// field initializers and constructor assignments, through <c>: this(...)</c> chains, for each constructor.
/// Self-contained (it needs only Roslyn), so that the generator can compile the same files to print shapes.
/// </summary>
internal static class ShapeInference
{
    /// <summary>
    /// Sees every exception that inference swallowed. Tests set it, so that a corpus of broken code proves inference
    /// has no bug of its own rather than hiding one; nothing else does.
    /// </summary>
    internal static Action<Exception>? FailureObserver { get; set; }

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<INamedTypeSymbol, InferredType>> Cache = new();

    /// <summary>
    /// One scenario per instance constructor of <paramref name="type"/>, in declaration order. Never throws for user
    /// code: what cannot be inferred is unknown. Cached per compilation.
    /// </summary>
    public static ImmutableArray<ConstructionScenario> Scenarios(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        => Infer(type, compilation, cancellationToken).Scenarios;

    /// <summary>
    /// The code the scenarios of <paramref name="type"/> were inferred from, besides declarations; null when inference
    /// failed part-way and cannot tell.
    /// </summary>
    public static IReadOnlyCollection<SyntaxNode>? CodeRead(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        => Infer(type, compilation, cancellationToken).CodeRead;

    private static InferredType Infer(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var perCompilation = Cache.GetValue(compilation, _ => new ConcurrentDictionary<INamedTypeSymbol, InferredType>(SymbolEqualityComparer.Default));
        if (perCompilation.TryGetValue(type, out var cached)) return cached;

        var inferred = Guard(() =>
        {
            var scenarios = ImmutableArray.CreateBuilder<ConstructionScenario>();
            var codeRead = new HashSet<SyntaxNode>();
            foreach (var constructor in Constructors(type))
            {
                var context = new InferenceContext(compilation, cancellationToken);
                var frame = new Frame(type);
                Construction.Run(context, frame, constructor, arguments: null, moduleDepth: 0);
                scenarios.Add(new ConstructionScenario(constructor, frame));
                codeRead.UnionWith(context.CodeRead);
            }
            return new InferredType(scenarios.ToImmutable(), codeRead);
        }, new InferredType(ImmutableArray<ConstructionScenario>.Empty, CodeRead: null));
        return perCompilation.GetOrAdd(type, inferred);
    }

    private sealed record InferredType(ImmutableArray<ConstructionScenario> Scenarios, IReadOnlyCollection<SyntaxNode>? CodeRead);

    /// <summary>
    /// The shape of the tensor that <paramref name="memberPath"/> names inside <paramref name="field"/> (the field itself
    /// when null), from the first constructor where it is known; null when it is not known or not a single tensor.
    /// </summary>
    public static SymbolicShape? InferMember(IFieldSymbol field, string? memberPath, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var scenario in Scenarios(field.ContainingType, compilation, cancellationToken))
        {
            var resolved = InferredMembers.Resolve(scenario.Value(field), memberPath);
            if (resolved.Value is InferredTensor { Shape: { } shape })
                return shape;
            if (resolved.Value is InferredCollection { Elements.Count: 1 } collection && collection.Elements[0] is InferredTensor { Shape: { } elementShape })
                return elementShape;
        }
        return null;
    }

    /// <summary>
    /// The tensors under a member (every parameter and buffer of a module, by relative path; "" for a tensor member),
    /// from the first constructor where the member is known; empty when it is not.
    /// </summary>
    public static ImmutableArray<(string Path, SymbolicShape? Shape)> InferMemberTensors(IFieldSymbol field, string? memberPath, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var scenario in Scenarios(field.ContainingType, compilation, cancellationToken))
        {
            var value = InferredMembers.Resolve(scenario.Value(field), memberPath).Value;
            if (value is InferredCollection { Elements.Count: 1 } collection) value = collection.Elements[0];
            if (value is null or InferredCollection) continue;
            return InferredMembers.Tensors(value, includeBuffers: true, out _).Select(t => (t.Path, t.Tensor.Shape)).ToImmutableArray();
        }
        return ImmutableArray<(string, SymbolicShape?)>.Empty;
    }

    /// <summary>
    /// The model that <paramref name="creation"/> (<c>new Model(args)</c>) builds, with its arguments evaluated where
    /// it stands: the enclosing method's parameters are free sizes, its locals are followed.
    /// </summary>
    public static ConstructionScenario? FromCreation(IObjectCreationOperation creation, Compilation compilation, CancellationToken cancellationToken)
        => Guard(() =>
        {
            if (creation.Constructor is not { } constructor || creation.Type is not INamedTypeSymbol type) return null;
            var context = new InferenceContext(compilation, cancellationToken);
            var callerType = FindContainingType(creation) ?? type;
            var caller = new Evaluator(context, new Frame(callerType), moduleDepth: 0);
            var arguments = Construction.Bind(caller, creation.Arguments);
            var frame = new Frame(type);
            Construction.Run(context, frame, constructor, arguments, moduleDepth: 0);
            return new ConstructionScenario(constructor, frame);
        }, null);

    private static INamedTypeSymbol? FindContainingType(IOperation operation)
    {
        var model = operation.SemanticModel;
        var declaration = operation.Syntax.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
        return declaration is null || model is null ? null : model.GetDeclaredSymbol(declaration) as INamedTypeSymbol;
    }

    private static IEnumerable<IMethodSymbol> Constructors(INamedTypeSymbol type)
        => type.InstanceConstructors
            .OrderBy(c => c.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? "", StringComparer.Ordinal)
            .ThenBy(c => c.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);

    /// <summary>
    /// Inference reads code that may be half-written; a bug of its own must not take the analyzers or the
    /// generator down with it. Cancellation still propagates.
    /// </summary>
    private static T Guard<T>(Func<T> infer, T fallback)
    {
        try
        {
            return infer();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            FailureObserver?.Invoke(exception);
            return fallback;
        }
    }
}
