using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Analyzers.Annotations;
using Declarative.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Analyzers;

/// <summary>
/// A [Shared] field (or its shared member, such as <c>head.weight</c>) assigned after <c>RegisterComponents()</c>
/// has tied the group, or anywhere outside construction: the new value is not shared, silently.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReassignmentAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SharedFieldReassigned);

    /// <summary>Every syntax of an assignment operation: simple, deconstructing (<c>(a, b) = ...</c>), compound and <c>??=</c>.</summary>
    private static readonly SyntaxKind[] AssignmentKinds =
    {
        SyntaxKind.SimpleAssignmentExpression,
        SyntaxKind.AddAssignmentExpression, SyntaxKind.SubtractAssignmentExpression,
        SyntaxKind.MultiplyAssignmentExpression, SyntaxKind.DivideAssignmentExpression, SyntaxKind.ModuloAssignmentExpression,
        SyntaxKind.AndAssignmentExpression, SyntaxKind.OrAssignmentExpression, SyntaxKind.ExclusiveOrAssignmentExpression,
        SyntaxKind.LeftShiftAssignmentExpression, SyntaxKind.RightShiftAssignmentExpression, SyntaxKind.UnsignedRightShiftAssignmentExpression,
        SyntaxKind.CoalesceAssignmentExpression,
    };

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!DeclarativeTypes.HasAnnotations(start.Compilation)) return;
            start.RegisterSymbolStartAction(StartType, SymbolKind.NamedType);
            var sharedFieldNames = new SharedFieldNames(start.Compilation);
            start.RegisterSyntaxNodeAction(assignment => AnalyzeForeignAssignment(assignment, sharedFieldNames), AssignmentKinds);
        });
    }

    /// <summary>An assignment to a shared field, or to a tensor inside one.</summary>
    private sealed class SharedAssignment
    {
        public SharedAssignment(IOperation target, string name, string key)
        {
            Target = target;
            Name = name;
            Key = key;
        }

        public IOperation Target { get; }

        public string Name { get; }

        public string Key { get; }
    }

    /// <summary>What a constructor of the model does: where it calls RegisterComponents(), what it chains to and assigns.</summary>
    private sealed class ConstructorFacts
    {
        public List<int> RegisterCalls { get; } = new();

        public IMethodSymbol? ChainsTo { get; set; }

        public List<SharedAssignment> Assignments { get; } = new();
    }

    private static void StartType(SymbolStartAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var model = ModelAnnotations.For(type, context.CancellationToken);
        if (model is null || !model.Annotations.Any(a => a.Kind == AnnotationKind.Shared)) return;

        var constructors = new ConcurrentDictionary<IMethodSymbol, ConstructorFacts>(SymbolEqualityComparer.Default);
        context.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is not IMethodSymbol method || !SymbolEqualityComparer.Default.Equals(method.ContainingType, type)) return;
            bool isConstructor = method.MethodKind == MethodKind.Constructor && !method.IsStatic;
            var facts = new ConstructorFacts();
            foreach (var operation in block.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()))
            {
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod: { Name: "RegisterComponents", Parameters.IsEmpty: true }, Instance: IInstanceReferenceOperation } call:
                        facts.RegisterCalls.Add(call.Syntax.Span.End);
                        break;
                    case IInvocationOperation { TargetMethod.MethodKind: MethodKind.Constructor, Syntax: ConstructorInitializerSyntax } chain
                        when SymbolEqualityComparer.Default.Equals(chain.TargetMethod.ContainingType, type):
                        facts.ChainsTo = chain.TargetMethod;
                        break;
                    case IAssignmentOperation assignment:
                        foreach (var shared in SharedTargets(assignment, type))
                        {
                            if (isConstructor)
                            {
                                // The arguments of : this(...) run before the chained constructor.
                                if (shared.Target.Syntax.FirstAncestorOrSelf<ConstructorInitializerSyntax>() is null)
                                    facts.Assignments.Add(shared);
                            }
                            else
                            {
                                block.ReportDiagnostic(Create(shared, $"in '{method.Name}', outside construction"));
                            }
                        }
                        break;
                }
            }
            if (isConstructor) constructors[method] = facts;
        });

        context.RegisterSymbolEndAction(end =>
        {
            foreach (var facts in constructors.Values)
            {
                bool chainRegisters = facts.ChainsTo is not null && Registers(facts.ChainsTo, constructors, depth: 0);
                foreach (var assignment in facts.Assignments)
                {
                    int position = assignment.Target.Syntax.SpanStart;
                    if (chainRegisters || facts.RegisterCalls.Any(callEnd => callEnd <= position))
                        end.ReportDiagnostic(Create(assignment, "after RegisterComponents()"));
                }
            }
        });
    }

    private static bool Registers(IMethodSymbol constructor, ConcurrentDictionary<IMethodSymbol, ConstructorFacts> constructors, int depth)
    {
        if (depth > 32 || !constructors.TryGetValue(constructor, out var facts)) return false;
        return facts.RegisterCalls.Count > 0 || (facts.ChainsTo is not null && Registers(facts.ChainsTo, constructors, depth + 1));
    }

    /// <summary>
    /// Assignments to a model's shared fields from other types' code are outside its construction. Only assignments
    /// whose target names a [Shared] field are bound.
    /// </summary>
    private static void AnalyzeForeignAssignment(SyntaxNodeAnalysisContext context, SharedFieldNames sharedFieldNames)
    {
        var syntax = (AssignmentExpressionSyntax)context.Node;
        if (AssignsOwnField(syntax.Left, context.ContainingSymbol?.ContainingType)) return;
        bool mayBeShared = syntax.Left.DescendantTokens()
            .Any(token => token.IsKind(SyntaxKind.IdentifierToken) && sharedFieldNames.Contains(token.ValueText, context.CancellationToken));
        if (!mayBeShared || context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IAssignmentOperation assignment) return;

        var container = context.ContainingSymbol?.ContainingType;
        foreach (var shared in SharedTargets(assignment, within: null))
        {
            var fieldType = FieldOf(shared.Target)?.ContainingType;
            if (fieldType is null || SymbolEqualityComparer.Default.Equals(fieldType, container)) continue;
            // A derived model's constructor builds the inherited fields too; it calls RegisterComponents() itself.
            if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } && DerivesFrom(container, fieldType)) continue;
            context.ReportDiagnostic(Create(shared, $"in '{container?.Name}.{context.ContainingSymbol?.Name}', outside construction"));
        }
    }

    /// <summary>
    /// Whether <paramref name="target"/> is <c>x</c> or <c>this.x</c> with <c>x</c> a field of
    /// <paramref name="container"/> itself: the name binds to that field (or to a local that hides it), so the
    /// assignment is not foreign, and the model's own code is <see cref="StartType"/>'s concern. Decided from syntax and
    /// declared names, so that the assignments of every constructor (<c>head = Linear(...)</c>) are not bound here.
    /// (<c>x.y = ...</c> is bound: <c>y</c> may be a shared field of another model that <c>x</c> holds.)
    /// </summary>
    private static bool AssignsOwnField(ExpressionSyntax target, INamedTypeSymbol? container)
    {
        if (container is null) return false;
        string? name = target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
            _ => null,
        };
        return name is not null && container.GetMembers(name).Any(m => m is IFieldSymbol);
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition)) return true;
        }
        return false;
    }

    private static Diagnostic Create(SharedAssignment assignment, string when)
        => Diagnostic.Create(DiagnosticDescriptors.SharedFieldReassigned, assignment.Target.Syntax.GetLocation(), assignment.Name, when, assignment.Key);

    private static IFieldSymbol? FieldOf(IOperation target) => target switch
    {
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation { Instance: IFieldReferenceOperation owner } => owner.Field,
        _ => null,
    };

    /// <summary>The targets of an assignment that are shared fields of <paramref name="within"/> (any type when null).</summary>
    private static IEnumerable<SharedAssignment> SharedTargets(IAssignmentOperation assignment, INamedTypeSymbol? within)
    {
        var targets = assignment is IDeconstructionAssignmentOperation { Target: ITupleOperation tuple } ? tuple.Elements : ImmutableArray.Create(assignment.Target);
        foreach (var target in targets)
        {
            // The field itself (head = ...) or a tensor inside it (head.weight = ...).
            IFieldReferenceOperation? reference = target as IFieldReferenceOperation;
            string? property = null;
            if (reference is null && target is IPropertyReferenceOperation { Instance: IFieldReferenceOperation owner } propertyReference)
            {
                reference = owner;
                property = propertyReference.Property.Name;
            }
            if (reference is null || reference.Field.IsStatic) continue;
            if (within is not null && !SymbolEqualityComparer.Default.Equals(reference.Field.ContainingType, within)) continue;

            foreach (var attribute in reference.Field.GetAttributes())
            {
                if (DeclarativeAttributes.KindOf(attribute.AttributeClass) != AnnotationKind.Shared) continue;
                var arguments = AnnotationArguments.Read(attribute);
                if (arguments.Key is not { } key) continue;
                string? member = arguments.Member;
                if (property is not null && member is not null && member != property && !member.StartsWith(property + ".", System.StringComparison.Ordinal))
                    continue;
                yield return new SharedAssignment(target, property is null ? reference.Field.Name : reference.Field.Name + "." + property, key);
                break;
            }
        }
    }
}
