using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Common.Shapes;

internal static class ShapeHints
{
    /// <summary>The hints on a field, in the order written.</summary>
    public static ImmutableArray<ShapeHint> Of(IFieldSymbol field)
    {
        var hints = ImmutableArray.CreateBuilder<ShapeHint>();
        foreach (var attribute in field.GetAttributes())
        {
            if (!DeclarativeAttributes.Is(attribute.AttributeClass, DeclarativeAttributes.ShapeAttributeName))
                continue;
            var dims = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
                ? attribute.ConstructorArguments[0].Values.Select(v => v.Value as string).ToList()
                : attribute.ConstructorArguments.Select(v => v.Value as string).ToList();
            string? member = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Member").Value.Value as string;
            if (member is { Length: 0 }) member = null;

            var sizes = new List<SymbolicSize?>();
            string? invalid = null;
            foreach (var dim in dims)
            {
                if (dim is null) { invalid ??= ""; continue; }
                if (dim.Trim() == "?") { sizes.Add(null); continue; }
                var size = Parse(dim);
                if (size is null) invalid ??= dim;
                sizes.Add(size);
            }
            hints.Add(new ShapeHint(attribute, member, invalid is null ? SymbolicShape.Of(sizes.ToArray()) : null, invalid));
        }
        return hints.ToImmutable();
    }

    /// <summary>The hint for one member path of a field, if there is a valid one.</summary>
    public static SymbolicShape? For(ImmutableArray<ShapeHint> hints, string? member)
        => hints.FirstOrDefault(h => h.Member == member && h.Shape is not null)?.Shape;

    /// <summary>A dimension as written in a hint; null when it is not an integer expression of numbers and names.</summary>
    public static SymbolicSize? Parse(string text)
    {
        var expression = SyntaxFactory.ParseExpression(text);
        if (expression.ContainsDiagnostics || expression.FullSpan.Length != text.Length) return null;
        return Evaluate(expression, depth: 0);
    }

    private static SymbolicSize? Evaluate(ExpressionSyntax expression, int depth)
    {
        if (depth > 64) return null;
        switch (expression)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal:
                return literal.Token.Value switch
                {
                    int i => SymbolicSize.Constant(i),
                    long l => SymbolicSize.Constant(l),
                    uint u => SymbolicSize.Constant(u),
                    _ => null,
                };
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when IsName(expression):
                return SymbolicSize.Atom(expression.ToString().Replace(" ", ""));
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, depth + 1);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus:
                return SymbolicSize.Negate(Evaluate(minus.Operand, depth + 1));
            case BinaryExpressionSyntax binary:
                var left = Evaluate(binary.Left, depth + 1);
                var right = Evaluate(binary.Right, depth + 1);
                return binary.Kind() switch
                {
                    SyntaxKind.AddExpression => SymbolicSize.Add(left, right),
                    SyntaxKind.SubtractExpression => SymbolicSize.Subtract(left, right),
                    SyntaxKind.MultiplyExpression => SymbolicSize.Multiply(left, right),
                    SyntaxKind.DivideExpression => SymbolicSize.Divide(left, right),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static bool IsName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsName(access.Expression),
        _ => false,
    };
}

/// <summary>
/// An explicit shape for a member whose shape cannot be inferred: <c>[Shape("vocab", "dim", Member = "weight")]</c>.
/// Each dimension is an integer expression over numbers and names (<c>"4 * cfg.Hidden"</c>), or <c>"?"</c>.
/// </summary>
internal sealed class ShapeHint
{
    public ShapeHint(AttributeData attribute, string? member, SymbolicShape? shape, string? invalidDimension)
    {
        Attribute = attribute;
        Member = member;
        Shape = shape;
        InvalidDimension = invalidDimension;
    }

    public AttributeData Attribute { get; }

    /// <summary>The member path the hint is for; null for the field itself.</summary>
    public string? Member { get; }

    /// <summary>The hinted shape; null when a dimension is not a size.</summary>
    public SymbolicShape? Shape { get; }

    /// <summary>The first dimension text that is not a size, if any.</summary>
    public string? InvalidDimension { get; }
}
