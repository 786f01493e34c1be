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

namespace Declarative.Shapes;

/// <summary>
/// What one constructor of a model leaves in its fields: shapes of tensors and modules, known or not, in terms of
/// the constructor's parameters. A model has one scenario per constructor (chains through <c>: this(...)</c> included).
/// </summary>
internal sealed class ConstructionScenario
{
    private readonly Frame _frame;

    internal ConstructionScenario(IMethodSymbol constructor, Frame frame)
    {
        Constructor = constructor;
        _frame = frame;
    }

    /// <summary>The constructor that was run.</summary>
    public IMethodSymbol Constructor { get; }

    /// <summary>What the field (or auto-property) holds once this constructor is done; null when not known.</summary>
    public MemberValue? Value(ISymbol member)
    {
        if (_frame.Untracked.Contains(member)) return null;
        return _frame.Members.TryGetValue(member, out var value) ? value?.AsMember : null;
    }

    /// <summary>
    /// What a member of the model holds: a field or auto-property, or a get-only property that returns one
    /// (<c>public Linear Hidden => hidden;</c>); null when not known.
    /// </summary>
    public MemberValue? ValueOf(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (member is IPropertySymbol property && !_frame.Members.ContainsKey(property) && ReturnedMember(property, compilation, cancellationToken) is { } returned)
            member = returned;
        return Value(member);
    }

    private static ISymbol? ReturnedMember(IPropertySymbol property, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                continue;
            var expression = declaration.ExpressionBody?.Expression
                ?? declaration.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.Text == "get") switch
                {
                    { ExpressionBody: { } body } => body.Expression,
                    { Body.Statements: [ReturnStatementSyntax { Expression: { } returned }] } => returned,
                    _ => null,
                };
            if (expression is null) continue;
            var operation = SemanticModels.Get(compilation, declaration.SyntaxTree).GetOperation(expression, cancellationToken);
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation switch
            {
                IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field => field.Field,
                IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } inner => inner.Property,
                _ => null,
            };
        }
        return null;
    }

    /// <summary>
    /// The expression the field was last assigned from on every path, with locals followed to their initializer
    /// (<c>var head = Linear(a, b); this.head = head;</c>); null when assignments were conditional or unknown.
    /// </summary>
    public IOperation? Creation(ISymbol member, CancellationToken cancellationToken)
    {
        if (_frame.Untracked.Contains(member) || !_frame.Creations.TryGetValue(member, out var creation)) return null;
        for (int hops = 0; hops < 8; hops++)
        {
            while (creation is IConversionOperation conversion) creation = conversion.Operand;
            if (creation is not ILocalReferenceOperation local) return creation;
            if (local.Local.DeclaringSyntaxReferences.Length != 1
                || local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer }
                || creation.SemanticModel is not { } model)
                return null;
            var member2 = initializer.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member2 is null) return null;
            var writes = new InferenceContext(model.Compilation, cancellationToken).WrittenLocals(member2);
            if (writes.Contains(local.Local)) return null;
            creation = model.GetOperation(initializer.Value, cancellationToken);
            if (creation is null) return null;
        }
        return null;
    }
}

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
            var resolved = MemberValues.Resolve(scenario.Value(field), memberPath);
            if (resolved.Value is TensorInfo { Shape: { } shape })
                return shape;
            if (resolved.Value is CollectionInfo { Elements.Count: 1 } collection && collection.Elements[0] is TensorInfo { Shape: { } elementShape })
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
            var value = MemberValues.Resolve(scenario.Value(field), memberPath).Value;
            if (value is CollectionInfo { Elements.Count: 1 } collection) value = collection.Elements[0];
            if (value is null or CollectionInfo) continue;
            return MemberValues.Tensors(value, includeBuffers: true, out _).Select(t => (t.Path, t.Tensor.Shape)).ToImmutableArray();
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
