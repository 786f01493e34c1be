using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Declarative.Shapes;

/// <summary>
/// What inference knows about a field or a path inside it: a tensor, a module with named members, or the elements
/// of a collection. Immutable, with value equality.
/// </summary>
internal abstract class MemberValue : IEquatable<MemberValue>
{
    public abstract bool Equals(MemberValue? other);

    public override bool Equals(object? obj) => Equals(obj as MemberValue);

    public abstract override int GetHashCode();

    /// <summary>How a message names this value: <c>[vocab, dim]</c>, <c>a module (Linear)</c>.</summary>
    public abstract string Describe();
}

/// <summary>A parameter or buffer: its shape (null when unknown) and its dtype where the code gives one.</summary>
internal sealed class TensorInfo : MemberValue
{
    public TensorInfo(SymbolicShape? shape, string? dtype, bool isBuffer = false)
    {
        Shape = shape;
        Dtype = dtype;
        IsBuffer = isBuffer;
    }

    public SymbolicShape? Shape { get; }

    /// <summary>The <c>ScalarType</c> member name (<c>Float64</c>), or null where the code leaves the default.</summary>
    public string? Dtype { get; }

    public bool IsBuffer { get; }

    public TensorInfo WithShape(SymbolicShape? shape) => new(shape, Dtype, IsBuffer);

    public TensorInfo WithDtype(string? dtype) => new(Shape, dtype, IsBuffer);

    public override bool Equals(MemberValue? other)
        => other is TensorInfo tensor && Equals(Shape, tensor.Shape) && Dtype == tensor.Dtype && IsBuffer == tensor.IsBuffer;

    public override int GetHashCode() => unchecked((Shape?.GetHashCode() ?? 0) * 31 + (Dtype?.GetHashCode() ?? 0));

    public override string Describe() => Shape?.ToString() ?? "a tensor";

    public override string ToString() => Describe();
}

/// <summary>A registered member of a module: a tensor or a child module by its registered name.</summary>
internal sealed class NamedMember : IEquatable<NamedMember>
{
    public NamedMember(string name, MemberValue? value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    /// <summary>The member's value; null where it exists but is not known.</summary>
    public MemberValue? Value { get; }

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

/// <summary>A module: its registered tensors and children by name, as TorchSharp registers them.</summary>
internal sealed class ModuleInfo : MemberValue
{
    public ModuleInfo(
        string typeName,
        string? factory,
        ValueArray<NamedMember> members,
        bool isComplete,
        MemberValue? elementTemplate = null,
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
    public MemberValue? ElementTemplate { get; }

    /// <summary>A user-defined module: the constructor that made it, as a stable signature; null otherwise.</summary>
    public string? Constructor { get; }

    /// <summary>A user-defined module: the arguments of its constructor.</summary>
    public ValueArray<ModuleArgument> Arguments { get; }

    public NamedMember? Find(string name) => Members.FirstOrDefault(m => m.Name == name);

    /// <summary>The module's call as messages print it: <c>Block(dim, heads)</c>.</summary>
    public string Signature => TypeName + "(" + string.Join(", ", Arguments.Select(a => a.Text)) + ")";

    public override bool Equals(MemberValue? other)
        => other is ModuleInfo module
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
internal sealed class CollectionInfo : MemberValue
{
    public CollectionInfo(ValueArray<MemberValue?> elements) => Elements = elements;

    /// <summary>The distinct values the elements take; a null entry is an element that is not known.</summary>
    public ValueArray<MemberValue?> Elements { get; }

    public override bool Equals(MemberValue? other) => other is CollectionInfo collection && Elements.Equals(collection.Elements);

    public override int GetHashCode() => Elements.GetHashCode();

    public override string Describe() => "a collection";
}

/// <summary>Whether a member path was found in a value.</summary>
internal enum ResolutionStatus
{
    Found,
    NotFound,
    Unknown,
}

/// <summary>The result of following a member path such as <c>ffn.up.weight</c> into a value or a type.</summary>
internal readonly struct Resolution
{
    private Resolution(ResolutionStatus status, MemberValue? value, string? missing, string? owner, ImmutableArray<string> available)
    {
        Status = status;
        Value = value;
        Missing = missing;
        Owner = owner;
        Available = available.IsDefault ? ImmutableArray<string>.Empty : available;
    }

    public ResolutionStatus Status { get; }

    /// <summary>The value found; null when found but not known.</summary>
    public MemberValue? Value { get; }

    /// <summary>The path segment that does not exist.</summary>
    public string? Missing { get; }

    /// <summary>What lacks it, as messages name it: <c>Linear</c>, <c>Parameter</c>.</summary>
    public string? Owner { get; }

    /// <summary>The members that do exist there.</summary>
    public ImmutableArray<string> Available { get; }

    public static Resolution Found(MemberValue? value) => new(ResolutionStatus.Found, value, null, null, default);

    public static Resolution NotFound(string missing, string owner, IEnumerable<string> available)
        => new(ResolutionStatus.NotFound, null, missing, owner, available.ToImmutableArray());

    public static readonly Resolution Unknown = new(ResolutionStatus.Unknown, null, null, null, default);
}

internal static class MemberValues
{
    /// <summary>
    /// What two paths agree on (<see cref="Value.Join"/>): a tensor keeps the sizes both give it, a module the members
    /// both give it (a Linear with and without bias keeps its weight), and the rest is unknown.
    /// </summary>
    public static MemberValue? Join(MemberValue? left, MemberValue? right)
    {
        if (left is null || right is null) return null;
        if (left.Equals(right)) return left;
        switch (left, right)
        {
            case (TensorInfo a, TensorInfo b) when a.IsBuffer == b.IsBuffer:
                return new TensorInfo(JoinShapes(a.Shape, b.Shape), a.Dtype == b.Dtype ? a.Dtype : null, a.IsBuffer);

            case (ModuleInfo a, ModuleInfo b) when a.TypeName == b.TypeName && a.Factory == b.Factory:
            {
                var members = new List<NamedMember>();
                bool complete = a.IsComplete && b.IsComplete && a.Members.Count == b.Members.Count;
                foreach (var member in a.Members)
                {
                    var other = b.Find(member.Name);
                    if (other is null) { complete = false; continue; }
                    var joined = Join(member.Value, other.Value);
                    if (joined is null or ModuleInfo { IsComplete: false }) complete = false;
                    members.Add(new NamedMember(member.Name, joined));
                }
                bool sameConstructor = a.Constructor == b.Constructor && a.Arguments.Count == b.Arguments.Count;
                var arguments = sameConstructor ? a.Arguments.Zip(b.Arguments, JoinArguments).ToValueArray() : ValueArray<ModuleArgument>.Empty;
                return new ModuleInfo(a.TypeName, a.Factory, members.ToValueArray(), complete, Join(a.ElementTemplate, b.ElementTemplate),
                    sameConstructor ? a.Constructor : null, arguments);
            }

            case (CollectionInfo a, CollectionInfo b):
                return new CollectionInfo(a.Elements.Concat(b.Elements).Distinct().ToValueArray());

            default:
                return null;
        }
    }

    private static SymbolicShape? JoinShapes(SymbolicShape? a, SymbolicShape? b)
    {
        if (a is null || b is null || a.Rank != b.Rank) return null;
        return new SymbolicShape(a.Dims.Zip(b.Dims, (x, y) => x.Equals(y) ? x : new SymbolicDim(null)).ToValueArray());
    }

    private static ModuleArgument JoinArguments(ModuleArgument a, ModuleArgument b)
        => new(a.Name, Equals(a.Size, b.Size) ? a.Size : null, a.Flag == b.Flag ? a.Flag : null);

    /// <summary>Follows a dotted path into a value; an empty or null path is the value itself.</summary>
    public static Resolution Resolve(MemberValue? value, string? path)
    {
        if (string.IsNullOrEmpty(path)) return Resolution.Found(value);
        return Resolve(value, path!.Split('.'), 0);
    }

    private static Resolution Resolve(MemberValue? value, string[] segments, int index)
    {
        if (index == segments.Length) return Resolution.Found(value);
        string segment = segments[index];
        switch (value)
        {
            case null:
                return Resolution.Unknown;

            case TensorInfo:
                return Resolution.NotFound(segment, "a tensor", Array.Empty<string>());

            case CollectionInfo collection:
            {
                var resolved = new List<MemberValue?>();
                bool unknown = false;
                foreach (var element in collection.Elements)
                {
                    var inner = Resolve(element, segments, index);
                    if (inner.Status == ResolutionStatus.NotFound) return inner;
                    if (inner.Status == ResolutionStatus.Unknown) unknown = true;
                    resolved.Add(inner.Value);
                }
                return unknown && resolved.All(r => r is null) ? Resolution.Unknown : Resolution.Found(new CollectionInfo(resolved.Distinct().ToValueArray()));
            }

            case ModuleInfo module:
            {
                var member = module.Find(segment);
                if (member is not null)
                    return Resolve(member.Value, segments, index + 1);
                if (module.ElementTemplate is not null && IsIndex(segment))
                    return Resolve(module.ElementTemplate, segments, index + 1);
                return module.IsComplete
                    ? Resolution.NotFound(segment, module.TypeName, module.Members.Select(m => m.Name))
                    : Resolution.Unknown;
            }

            default:
                return Resolution.Unknown;
        }
    }

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(c => c >= '0' && c <= '9');

    /// <summary>
    /// Every tensor under a value, by path relative to it (<c>0.weight</c>), as <c>named_parameters()</c> and
    /// <c>named_buffers()</c> list them; <paramref name="complete"/> says whether the list is known to be whole.
    /// </summary>
    public static IReadOnlyList<(string Path, TensorInfo Tensor)> Tensors(MemberValue value, bool includeBuffers, out bool complete)
    {
        var tensors = new List<(string, TensorInfo)>();
        complete = true;
        Collect(value, "", includeBuffers, tensors, ref complete, depth: 0);
        return tensors;
    }

    private static void Collect(MemberValue? value, string prefix, bool includeBuffers, List<(string, TensorInfo)> tensors, ref bool complete, int depth)
    {
        if (depth > 16) { complete = false; return; }
        switch (value)
        {
            case TensorInfo tensor:
                if (includeBuffers || !tensor.IsBuffer) tensors.Add((prefix, tensor));
                break;
            case ModuleInfo module:
                if (!module.IsComplete || module.ElementTemplate is not null) complete = false;
                foreach (var member in module.Members)
                    Collect(member.Value, prefix.Length == 0 ? member.Name : prefix + "." + member.Name, includeBuffers, tensors, ref complete, depth + 1);
                break;
            default:
                complete = false;
                break;
        }
    }
}
