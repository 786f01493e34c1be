using Microsoft.CodeAnalysis;

namespace Declarative.Common;

/// <summary>
/// Declarative's attributes, recognised by their full name: <c>Declarative.SharedAttribute</c>,
/// <c>Declarative.TiedAttribute</c> and <c>Declarative.ShapeAttribute</c>.
/// </summary>
internal static class DeclarativeAttributes
{
    public const string SharedAttributeName = "SharedAttribute";
    public const string TiedAttributeName = "TiedAttribute";
    public const string ShapeAttributeName = "ShapeAttribute";
    private const string Namespace = "Declarative";

    /// <summary>Which annotation <paramref name="attributeClass"/> is; null for any other class.</summary>
    public static AnnotationKind? KindOf(INamedTypeSymbol? attributeClass)
        => Is(attributeClass, SharedAttributeName) ? AnnotationKind.Shared
        : Is(attributeClass, TiedAttributeName) ? AnnotationKind.Tied
        : null;

    /// <summary>Whether <paramref name="attributeClass"/> is <c>Declarative.</c><paramref name="metadataName"/>, a top-level type.</summary>
    public static bool Is(INamedTypeSymbol? attributeClass, string metadataName)
        => attributeClass is { ContainingType: null, ContainingNamespace: { Name: Namespace, ContainingNamespace.IsGlobalNamespace: true } }
        && attributeClass.MetadataName == metadataName;

    /// <summary>The attribute's name as written in code: <c>Shared</c> or <c>Tied</c>.</summary>
    public static string Name(AnnotationKind kind) => kind == AnnotationKind.Shared ? "Shared" : "Tied";
}
