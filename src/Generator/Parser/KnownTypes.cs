using Microsoft.CodeAnalysis;

namespace Declarative.Generator.Parser;

/// <summary>The metadata names the generator recognises, and the type tests built on them.</summary>
internal static class KnownTypes
{
    public const string SharedAttributeName = "SharedAttribute";
    public const string TiedAttributeName = "TiedAttribute";
    private const string AttributeNamespace = "Declarative";

    private const string ModuleNamespace = "TorchSharp";

    /// <summary>Whether <paramref name="type"/> is <c>Declarative.</c><paramref name="name"/>, a top-level type of that namespace.</summary>
    public static bool IsDeclarativeAttribute(INamedTypeSymbol? type, string name)
        => type is { ContainingType: null, ContainingNamespace: { Name: AttributeNamespace, ContainingNamespace.IsGlobalNamespace: true } }
        && type.MetadataName == name;

    /// <summary>Whether <paramref name="type"/> is TorchSharp's <c>torch.nn.Module</c> or derives from it.</summary>
    public static bool IsModule(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Module", Arity: 0, ContainingType: { Name: "nn", ContainingType: { Name: "torch" } torch } }
                && torch.ContainingNamespace is { Name: ModuleNamespace, ContainingNamespace.IsGlobalNamespace: true })
                return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="type"/> is TorchSharp's <c>Parameter</c> or derives from it.</summary>
    public static bool IsParameter(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Parameter", Arity: 0, ContainingNamespace: { Name: "Modules", ContainingNamespace.Name: ModuleNamespace } })
                return true;
        }
        return false;
    }

    /// <summary>The element type of a <c>ModuleList&lt;T&gt;</c>, or null.</summary>
    public static ITypeSymbol? ModuleListElement(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "ModuleList", Arity: 1, ContainingNamespace: { Name: "Modules", ContainingNamespace.Name: ModuleNamespace } })
                return current.TypeArguments[0];
        }
        return null;
    }
}
