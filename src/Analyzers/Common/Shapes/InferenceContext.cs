using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Common.Shapes;

/// <summary>
/// The shared state of one inference: the compilation, its semantic models, and the budgets that keep inference
/// finite on any input (recursive constructors, modules that contain themselves, enormous expressions).
/// </summary>
internal sealed class InferenceContext
{
    /// <summary>How deep user-defined modules may nest inside each other before their shapes count as unknown.</summary>
    public const int MaxModuleDepth = 8;

    /// <summary>How deep one expression may nest before it counts as unknown.</summary>
    public const int MaxExpressionDepth = 128;

    /// <summary>How many operations one inference may evaluate in all.</summary>
    private const int MaxSteps = 200_000;

    private readonly Dictionary<SyntaxTree, SemanticModel?> _models = new();
    private readonly HashSet<SyntaxNode> _codeRead = new();
    private readonly Dictionary<SyntaxNode, HashSet<ILocalSymbol>> _writtenLocals = new();
    private readonly Dictionary<SyntaxNode, HashSet<ILocalSymbol>> _mutatedLocals = new();
    private readonly Dictionary<SyntaxNode, HashSet<ISymbol>> _writtenInFunctions = new();
    private int _steps;

    public InferenceContext(Compilation compilation, CancellationToken cancellationToken)
    {
        Compilation = compilation;
        CancellationToken = cancellationToken;
    }

    public Compilation Compilation { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Constructors being run, innermost last: a constructor that reaches itself again is not run twice.</summary>
    public List<IMethodSymbol> ActiveConstructors { get; } = new();

    /// <summary>The calls whose helper bodies were run, their out arguments and member assignments included.</summary>
    public HashSet<IOperation> Followed { get; } = new();

    /// <summary>Counts one step; false once the budget is spent, after which everything is unknown.</summary>
    public bool Step()
    {
        CancellationToken.ThrowIfCancellationRequested();
        return ++_steps <= MaxSteps;
    }

    /// <summary>
    /// The code this inference read: declarations it ran or evaluated (constructors, helpers, properties, initializers)
    /// and the bodies it scanned. Besides declarations, that is all its result depends on; the generator parses a file
    /// again when code in it changes, and not otherwise.
    /// </summary>
    public IReadOnlyCollection<SyntaxNode> CodeRead => _codeRead;

    /// <summary>The declaration that <paramref name="reference"/> points to, with the code inside it counted as read.</summary>
    public SyntaxNode Syntax(SyntaxReference reference)
    {
        var node = reference.GetSyntax(CancellationToken);
        _codeRead.Add(node);
        return node;
    }

    /// <summary>
    /// A type's declaration, to list its members; nothing is counted as read, so the caller reads each member's code
    /// through <see cref="Operation"/> or <see cref="Syntax"/>.
    /// </summary>
    public SyntaxNode Declaration(SyntaxReference reference) => reference.GetSyntax(CancellationToken);

    /// <summary>The semantic model of a tree of this compilation; null for trees it does not contain.</summary>
    public SemanticModel? Model(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out var model))
        {
            model = Compilation.ContainsSyntaxTree(tree) ? SemanticModels.Get(Compilation, tree) : null;
            _models[tree] = model;
        }
        return model;
    }

    /// <summary>The operation of a node, or null where there is none (or the node is not in this compilation).</summary>
    public IOperation? Operation(SyntaxNode? node)
    {
        if (node is null) return null;
        _codeRead.Add(node);
        return Model(node.SyntaxTree)?.GetOperation(node, CancellationToken);
    }

    /// <summary>
    /// The locals that are written anywhere in <paramref name="body"/> besides their declaration: loop counters,
    /// accumulators, out arguments. Their value at a given read is not known.
    /// </summary>
    public HashSet<ILocalSymbol> WrittenLocals(SyntaxNode body)
    {
        if (_writtenLocals.TryGetValue(body, out var written)) return written;
        _codeRead.Add(body);
        written = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var model = Model(body.SyntaxTree);
        if (model is not null)
        {
            foreach (var node in body.DescendantNodes())
            {
                IEnumerable<ExpressionSyntax> targets = node switch
                {
                    AssignmentExpressionSyntax assignment => Targets(assignment.Left),
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => new[] { prefix.Operand },
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => new[] { postfix.Operand },
                    ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument => new[] { argument.Expression },
                    _ => Array.Empty<ExpressionSyntax>(),
                };
                foreach (var target in targets)
                {
                    if (model.GetSymbolInfo(target, CancellationToken).Symbol is ILocalSymbol local)
                        written.Add(local);
                }
            }
        }
        _writtenLocals[body] = written;
        return written;
    }

    /// <summary>
    /// Whether a lambda or a local function assigns <paramref name="variable"/> (a local or a parameter), or calls a
    /// method on it (<c>layers.Add</c>): it may then change whenever that code runs, so its value is never known.
    /// </summary>
    public bool WrittenInFunctions(ISymbol variable)
    {
        if (variable.DeclaringSyntaxReferences.Length != 1) return false;
        var member = variable.DeclaringSyntaxReferences[0].GetSyntax(CancellationToken).FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null) return false;
        if (!_writtenInFunctions.TryGetValue(member, out var written))
        {
            written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var model = Model(member.SyntaxTree);
            if (model is not null)
            {
                foreach (var function in member.DescendantNodes().Where(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    written.UnionWith(WrittenLocals(function).Concat(MutatedLocals(function)).Cast<ISymbol>().Concat(WrittenParameters(function, model)));
            }
            _writtenInFunctions[member] = written;
        }
        return written.Contains(variable);
    }

    private IEnumerable<ISymbol> WrittenParameters(SyntaxNode body, SemanticModel model)
        => body.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .SelectMany(a => Targets(a.Left))
            .Select(t => model.GetSymbolInfo(t, CancellationToken).Symbol)
            .OfType<IParameterSymbol>();

    /// <summary>
    /// The locals of <paramref name="body"/> whose contents change after their declaration: receivers of a method call
    /// (<c>layers.Add(...)</c>) or of an element assignment (<c>gates[i] = ...</c>). A collection held by one is never
    /// known to be complete.
    /// </summary>
    public HashSet<ILocalSymbol> MutatedLocals(SyntaxNode body)
    {
        if (_mutatedLocals.TryGetValue(body, out var mutated)) return mutated;
        _codeRead.Add(body);
        mutated = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var model = Model(body.SyntaxTree);
        if (model is not null)
        {
            foreach (var node in body.DescendantNodes())
            {
                ExpressionSyntax? receiver = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Expression,
                    AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax element } => element.Expression,
                    _ => null,
                };
                if (receiver is not null && model.GetSymbolInfo(receiver, CancellationToken).Symbol is ILocalSymbol local)
                    mutated.Add(local);
            }
        }
        _mutatedLocals[body] = mutated;
        return mutated;
    }

    private static IEnumerable<ExpressionSyntax> Targets(ExpressionSyntax left) => left switch
    {
        TupleExpressionSyntax tuple => tuple.Arguments.SelectMany(a => Targets(a.Expression)),
        DeclarationExpressionSyntax => Array.Empty<ExpressionSyntax>(),
        _ => new[] { left },
    };
}
