using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Declarative.Common;

/// <summary>Recognises TorchSharp's types and methods by name, without needing TorchSharp at analysis time.</summary>
internal static class TorchSymbols
{
    private const string Root = "TorchSharp";

    /// <summary>Whether <paramref name="type"/> is <c>torch.nn.Module</c> or derives from it.</summary>
    public static bool IsModule(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Module", Arity: 0, ContainingType: { Name: "nn", ContainingType: { Name: "torch" } torch } }
                && IsRootNamespace(torch.ContainingNamespace))
                return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="type"/> is <c>TorchSharp.Modules.Parameter</c> or derives from it.</summary>
    public static bool IsParameter(ITypeSymbol? type) => DerivesFromModulesType(type, "Parameter", 0);

    /// <summary>Whether <paramref name="type"/> is <c>torch.Tensor</c> or derives from it (a Parameter too).</summary>
    public static bool IsTensor(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Tensor", Arity: 0, ContainingType: { Name: "torch" } torch } && IsRootNamespace(torch.ContainingNamespace))
                return true;
        }
        return false;
    }

    /// <summary>The element type of a <c>ModuleList&lt;T&gt;</c>, or null.</summary>
    public static ITypeSymbol? ModuleListElement(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "ModuleList", Arity: 1 } && IsModulesNamespace(current.ContainingNamespace))
                return current.TypeArguments[0];
        }
        return null;
    }

    /// <summary>A type declared in <c>TorchSharp.Modules</c> (Linear, Conv2d, Sequential...), by its name.</summary>
    public static string? TorchModuleName(ITypeSymbol? type)
        => type is INamedTypeSymbol named && IsModulesNamespace(named.ContainingNamespace) && IsModule(named) ? named.Name : null;

    /// <summary>Whether <paramref name="method"/> is a static method of <c>torch.nn</c> (a module factory).</summary>
    public static bool IsNnMethod(IMethodSymbol method)
        => method.ContainingType is { Name: "nn", ContainingType: { Name: "torch" } torch } && IsRootNamespace(torch.ContainingNamespace);

    /// <summary>Whether <paramref name="method"/> is a static method of <c>torch</c> itself (a tensor factory).</summary>
    public static bool IsTorchMethod(IMethodSymbol method)
        => method.ContainingType is { Name: "torch", ContainingType: null } torch && IsRootNamespace(torch.ContainingNamespace);

    /// <summary>Whether <paramref name="type"/> is <c>torch.ScalarType</c>.</summary>
    public static bool IsScalarType(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "ScalarType", ContainingType: { Name: "torch" } torch } && IsRootNamespace(torch.ContainingNamespace);

    /// <summary>The <c>ScalarType</c> member that a <c>torch.float32</c>-style field stands for.</summary>
    public static string? DtypeOfTorchField(string name) => DtypeAliases.TryGetValue(name, out var dtype) ? dtype : null;

    // Symbol names carry no '@': torch.@float is the field "float".
    private static readonly Dictionary<string, string> DtypeAliases = new()
    {
        ["float16"] = "Float16", ["half"] = "Float16", ["bfloat16"] = "BFloat16",
        ["float32"] = "Float32", ["float"] = "Float32",
        ["float64"] = "Float64", ["double"] = "Float64",
        ["int8"] = "Int8", ["uint8"] = "Byte", ["int16"] = "Int16", ["short"] = "Int16",
        ["int32"] = "Int32", ["int"] = "Int32", ["int64"] = "Int64", ["long"] = "Int64",
        ["bool"] = "Bool", ["complex64"] = "ComplexFloat32", ["cfloat"] = "ComplexFloat32",
        ["complex128"] = "ComplexFloat64", ["cdouble"] = "ComplexFloat64",
    };

    private static bool DerivesFromModulesType(ITypeSymbol? type, string name, int arity)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.Name == name && current.Arity == arity && IsModulesNamespace(current.ContainingNamespace))
                return true;
        }
        return false;
    }

    private static bool IsRootNamespace(INamespaceSymbol? ns) => ns is { Name: Root, ContainingNamespace.IsGlobalNamespace: true };

    private static bool IsModulesNamespace(INamespaceSymbol? ns) => ns is { Name: "Modules" } && IsRootNamespace(ns.ContainingNamespace);
}
