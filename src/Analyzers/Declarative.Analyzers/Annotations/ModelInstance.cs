using System.Collections.Immutable;
using System.Threading;
using Declarative.Common;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Analyzers.Annotations;

/// <summary>
/// A model that code passes around (to <c>Tying.Penalty</c>, to <c>ActivationTying</c>): its type, and what its
/// constructors build. Built from the creation in view where there is one, so that its sizes are named after the
/// caller's parameters; otherwise from each of the type's constructors, named after their own parameters.
/// </summary>
internal sealed class ModelInstance
{
    private ModelInstance(INamedTypeSymbol type, ImmutableArray<ConstructionScenario> scenarios, bool fromCreation, ISymbol? symbol)
    {
        Type = type;
        Scenarios = scenarios;
        FromCreation = fromCreation;
        Symbol = symbol;
    }

    public INamedTypeSymbol Type { get; }

    public ImmutableArray<ConstructionScenario> Scenarios { get; }

    /// <summary>Whether the scenario comes from a creation in view; only then do named sizes compare across models.</summary>
    public bool FromCreation { get; }

    /// <summary>The local, parameter or field the model was read from, if any: other expressions may name it too.</summary>
    public ISymbol? Symbol { get; }

    public static ModelInstance? Of(IOperation operand, Compilation compilation, CancellationToken cancellationToken)
    {
        while (operand is IConversionOperation conversion) operand = conversion.Operand;
        if (operand.Type is not INamedTypeSymbol type || !TorchSymbols.IsModule(type)) return null;

        var symbol = ReferencedSymbol(operand);
        var creation = operand as IObjectCreationOperation ?? CreationOfLocal(operand, cancellationToken);
        if (creation is not null && ShapeInference.FromCreation(creation, compilation, cancellationToken) is { } built)
            return new ModelInstance(type, ImmutableArray.Create(built), fromCreation: true, symbol);
        return new ModelInstance(type, ShapeInference.Scenarios(type, compilation, cancellationToken), fromCreation: false, symbol);
    }

    public static ISymbol? ReferencedSymbol(IOperation operand) => operand switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IConversionOperation conversion => ReferencedSymbol(conversion.Operand),
        _ => null,
    };

    /// <summary>The initializer of a local never assigned again, where it stands in the same file.</summary>
    public static IOperation? InitializerOfLocal(IOperation operand, CancellationToken cancellationToken)
    {
        if (operand is not ILocalReferenceOperation { Local: var local } || local.DeclaringSyntaxReferences.Length != 1) return null;
        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator)
            return null;
        var body = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        var model = operand.SemanticModel;
        if (body is null || model is null || declarator.SyntaxTree != model.SyntaxTree) return null;

        foreach (var node in body.DescendantNodes())
        {
            ExpressionSyntax? written = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                _ => null,
            };
            if (written is not null && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(written, cancellationToken).Symbol, local))
                return null;
        }
        return model.GetOperation(initializer.Value, cancellationToken);
    }

    private static IObjectCreationOperation? CreationOfLocal(IOperation operand, CancellationToken cancellationToken)
    {
        var initializer = InitializerOfLocal(operand, cancellationToken);
        while (initializer is IConversionOperation conversion) initializer = conversion.Operand;
        return initializer as IObjectCreationOperation;
    }
}
