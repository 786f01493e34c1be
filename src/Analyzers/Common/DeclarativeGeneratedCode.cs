using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Common;

/// <summary>
/// How the generator marks what it writes, and how the analyzers and shape inference recognise it: the
/// <c>[GeneratedCode]</c> attribute with the generator's name as its tool.
/// </summary>
internal static class DeclarativeGeneratedCode
{
    /// <summary>The tool name in the generated <c>[GeneratedCode]</c> attributes.</summary>
    public const string Tool = "Declarative.Generator";

    /// <summary>Whether the Declarative generator wrote <paramref name="member"/>.</summary>
    public static bool IsGenerated(ISymbol member)
        => member.GetAttributes().Any(a => a.AttributeClass?.Name == "GeneratedCodeAttribute"
                                          && a.ConstructorArguments.Length > 0
                                          && a.ConstructorArguments[0].Value is Tool);
}
