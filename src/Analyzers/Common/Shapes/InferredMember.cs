using System;
using System.Collections.Immutable;
using System.Linq;

namespace Declarative.Common.Shapes;

/// <summary>
/// What inference knows about a field or a path inside it: a tensor, a module with named members, or the elements
/// of a collection. Immutable, with value equality.
/// </summary>
internal abstract class InferredMember : IEquatable<InferredMember>
{
    public abstract bool Equals(InferredMember? other);

    public override bool Equals(object? obj) => Equals(obj as InferredMember);

    public abstract override int GetHashCode();

    /// <summary>How a message names this value: <c>[vocab, dim]</c>, <c>a module (Linear)</c>.</summary>
    public abstract string Describe();
}

/// <summary>A parameter or buffer: its shape (null when unknown) and its dtype where the code gives one.</summary>
internal sealed class InferredTensor : InferredMember
{
    public InferredTensor(SymbolicShape? shape, string? dtype, bool isBuffer = false)
    {
        Shape = shape;
        Dtype = dtype;
        IsBuffer = isBuffer;
    }

    public SymbolicShape? Shape { get; }

    /// <summary>The <c>ScalarType</c> member name (<c>Float64</c>), or null where the code leaves the default.</summary>
    public string? Dtype { get; }

    public bool IsBuffer { get; }

    public InferredTensor WithShape(SymbolicShape? shape) => new(shape, Dtype, IsBuffer);

    public InferredTensor WithDtype(string? dtype) => new(Shape, dtype, IsBuffer);

    public override bool Equals(InferredMember? other)
        => other is InferredTensor tensor && Equals(Shape, tensor.Shape) && Dtype == tensor.Dtype && IsBuffer == tensor.IsBuffer;

    public override int GetHashCode() => unchecked((Shape?.GetHashCode() ?? 0) * 31 + (Dtype?.GetHashCode() ?? 0));

    public override string Describe() => Shape?.ToString() ?? "a tensor";

    public override string ToString() => Describe();
}

/// <summary>A module: its registered tensors and children by name, as TorchSharp registers them.</summary>
internal sealed class InferredModule : InferredMember
{
    public InferredModule(
        string typeName,
        string? factory,
        ValueArray<NamedMember> members,
        bool isComplete,
        InferredMember? elementTemplate = null,
        string? constructor = null,
        ValueArray<ModuleArgument> arguments = default)
    {
        TypeName = typeName;
        Factory = factory;
        Members = members;
        IsComplete = isComplete;
        ElementTemplate = elementTemplate;
        Constructor = constructor;
        Arguments = arguments;
    }

    /// <summary>The module's type as a reader knows it: <c>Linear</c>, <c>Block</c>.</summary>
    public string TypeName { get; }

    /// <summary>The TorchSharp factory that made it (<c>Linear</c>), or null for other modules.</summary>
    public string? Factory { get; }

    public ValueArray<NamedMember> Members { get; }

    /// <summary>Whether <see cref="Members"/> lists every registered member and each is known.</summary>
    public bool IsComplete { get; }

    /// <summary>For lists of unknown length whose elements are all alike: what every numbered child is.</summary>
    public InferredMember? ElementTemplate { get; }

    /// <summary>A user-defined module: the constructor that made it, as a stable signature; null otherwise.</summary>
    public string? Constructor { get; }

    /// <summary>A user-defined module: the arguments of its constructor.</summary>
    public ValueArray<ModuleArgument> Arguments { get; }

    public NamedMember? Find(string name) => Members.FirstOrDefault(m => m.Name == name);

    /// <summary>The module's call as messages print it: <c>Block(dim, heads)</c>.</summary>
    public string Signature => TypeName + "(" + string.Join(", ", Arguments.Select(a => a.Text)) + ")";

    public override bool Equals(InferredMember? other)
        => other is InferredModule module
           && TypeName == module.TypeName
           && Factory == module.Factory
           && Members.Equals(module.Members)
           && IsComplete == module.IsComplete
           && Equals(ElementTemplate, module.ElementTemplate)
           && Constructor == module.Constructor
           && Arguments.Equals(module.Arguments);

    public override int GetHashCode() => unchecked(TypeName.GetHashCode() * 31 + Members.GetHashCode());

    public override string Describe() => $"a module ({TypeName})";

    public override string ToString() => Describe();
}

/// <summary>
/// An annotated <c>ModuleList&lt;T&gt;</c> or array field: every element is a member of the group. Holds the distinct
/// element values that construction can produce.
/// </summary>
internal sealed class InferredCollection : InferredMember
{
    public InferredCollection(ValueArray<InferredMember?> elements) => Elements = elements;

    /// <summary>The distinct values the elements take; a null entry is an element that is not known.</summary>
    public ValueArray<InferredMember?> Elements { get; }

    public override bool Equals(InferredMember? other) => other is InferredCollection collection && Elements.Equals(collection.Elements);

    public override int GetHashCode() => Elements.GetHashCode();

    public override string Describe() => "a collection";
}

/// <summary>A registered member of a module: a tensor or a child module by its registered name.</summary>
internal sealed class NamedMember : IEquatable<NamedMember>
{
    public NamedMember(string name, InferredMember? value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    /// <summary>The member's value; null where it exists but is not known.</summary>
    public InferredMember? Value { get; }

    public bool Equals(NamedMember? other) => other is not null && Name == other.Name && Equals(Value, other.Value);

    public override bool Equals(object? obj) => Equals(obj as NamedMember);

    public override int GetHashCode() => unchecked(Name.GetHashCode() * 31 + (Value?.GetHashCode() ?? 0));
}

/// <summary>One argument of a user-defined module's constructor, for "argument 'heads' differs".</summary>
internal sealed class ModuleArgument : IEquatable<ModuleArgument>
{
    public ModuleArgument(string name, SymbolicSize? size, bool? flag)
    {
        Name = name;
        Size = size;
        Flag = flag;
    }

    public string Name { get; }

    /// <summary>The argument's value when it is an integer size.</summary>
    public SymbolicSize? Size { get; }

    /// <summary>The argument's value when it is a known boolean.</summary>
    public bool? Flag { get; }

    public bool IsKnown => Size is not null || Flag is not null;

    public string Text => Size?.ToString() ?? (Flag is bool b ? (b ? "true" : "false") : "?");

    /// <summary>Whether the two arguments certainly differ: sizes by <see cref="SymbolicSize.Compare"/>, flags by value.</summary>
    public bool Differs(ModuleArgument other)
    {
        if (Size is not null && other.Size is not null) return SymbolicSize.Compare(Size, other.Size) == ShapeRelation.Different;
        return Flag is not null && other.Flag is not null && Flag != other.Flag;
    }

    public bool Equals(ModuleArgument? other) => other is not null && Name == other.Name && Equals(Size, other.Size) && Flag == other.Flag;

    public override bool Equals(object? obj) => Equals(obj as ModuleArgument);

    public override int GetHashCode() => unchecked(Name.GetHashCode() * 31 + (Size?.GetHashCode() ?? 0));
}
