using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Common.Shapes;

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
    public InferredMember? Value(ISymbol member)
    {
        if (_frame.Untracked.Contains(member)) return null;
        return _frame.Members.TryGetValue(member, out var value) ? value?.AsMember : null;
    }

    /// <summary>
    /// What a member of the model holds: a field or auto-property, or a get-only property that returns one
    /// (<c>public Linear Hidden => hidden;</c>); null when not known.
    /// </summary>
    public InferredMember? ValueOf(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
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
