using Microsoft.CodeAnalysis;

namespace Declarative.Common;

/// <summary>Which fields can be shared or tied, and as what.</summary>
internal static class FieldKinds
{
    /// <summary>The kind of a field type that can be shared or tied; null for any other type.</summary>
    public static FieldKind? Classify(ITypeSymbol type)
    {
        if (TorchSymbols.IsParameter(type)) return FieldKind.Parameter;
        if (TorchSymbols.ModuleListElement(type) is { } element && TorchSymbols.IsModule(element)) return FieldKind.ModuleList;
        if (TorchSymbols.IsModule(type)) return FieldKind.Module;
        if (type is IArrayTypeSymbol { Rank: 1 } array && TorchSymbols.IsModule(array.ElementType)) return FieldKind.ModuleArray;
        return null;
    }

    /// <summary>Whether every element of the field is a member of its group.</summary>
    public static bool IsCollection(FieldKind? kind) => kind is FieldKind.ModuleList or FieldKind.ModuleArray;

    /// <summary>Whether the field can be shared or tied: an instance field of a type <see cref="Classify"/> knows.</summary>
    public static bool IsSupported(IFieldSymbol field) => !field.IsStatic && !field.IsConst && Classify(field.Type) is not null;
}
