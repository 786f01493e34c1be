using Declarative.Shapes;
using Microsoft.CodeAnalysis;

namespace Declarative.Analyzers.Model;

/// <summary>What an annotated field holds, as the generator classifies it.</summary>
internal enum FieldKind
{
    Module,
    Parameter,
    ModuleList,
    ModuleArray,
}

internal static class FieldKinds
{
    /// <summary>The kind of a field the generator can share or tie; null for any other type.</summary>
    public static FieldKind? Classify(ITypeSymbol type)
    {
        if (TorchSymbols.IsParameter(type)) return FieldKind.Parameter;
        if (TorchSymbols.ModuleListElement(type) is { } element && TorchSymbols.IsModule(element)) return FieldKind.ModuleList;
        if (TorchSymbols.IsModule(type)) return FieldKind.Module;
        if (type is IArrayTypeSymbol { Rank: 1 } array && TorchSymbols.IsModule(array.ElementType)) return FieldKind.ModuleArray;
        return null;
    }

    public static bool IsCollection(FieldKind? kind) => kind is FieldKind.ModuleList or FieldKind.ModuleArray;

    /// <summary>Whether the generator handles the field: an instance field of a supported type.</summary>
    public static bool IsSupported(IFieldSymbol field) => !field.IsStatic && !field.IsConst && Classify(field.Type) is not null;
}
