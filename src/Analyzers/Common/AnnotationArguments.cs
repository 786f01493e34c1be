using Microsoft.CodeAnalysis;

namespace Declarative.Common;

/// <summary>
/// What one <c>[Shared]</c> or <c>[Tied]</c> attribute says, read from its constant arguments the one way both the
/// generator and the analyzers read it.
/// </summary>
internal readonly struct AnnotationArguments
{
    private AnnotationArguments(string? key, string? member, bool transpose, double lambda, int norm)
    {
        Key = key;
        Member = member;
        Transpose = transpose;
        Lambda = lambda;
        Norm = norm;
    }

    /// <summary>The group key; null when it is not a non-empty constant string.</summary>
    public string? Key { get; }

    /// <summary>The dotted path inside the field; null when none is given, or an empty one.</summary>
    public string? Member { get; }

    /// <summary>[Shared] only: the member is its owner's transpose.</summary>
    public bool Transpose { get; }

    /// <summary>[Tied] only: the Lambda given; NaN when none is, the attribute's own "missing" value.</summary>
    public double Lambda { get; }

    /// <summary>[Tied] only: the <c>TieNorm</c> value given, as a number; 0 (<c>SquaredL2</c>) by default.</summary>
    public int Norm { get; }

    public static AnnotationArguments Read(AttributeData attribute)
    {
        string? key = attribute.ConstructorArguments is [{ Value: string { Length: > 0 } text }] ? text : null;
        string? member = null;
        bool transpose = false;
        double lambda = double.NaN;
        int norm = 0;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Member": member = argument.Value.Value as string is { Length: > 0 } path ? path : null; break;
                case "Transpose": transpose = argument.Value.Value is true; break;
                case "Lambda": lambda = argument.Value.Value is double value ? value : double.NaN; break;
                case "Norm": norm = argument.Value.Value is int number ? number : 0; break;
            }
        }
        return new AnnotationArguments(key, member, transpose, lambda, norm);
    }
}
