using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Declarative.Common.Shapes;

internal static class InferredMembers
{
    /// <summary>
    /// What two paths agree on (<see cref="Value.Join"/>): a tensor keeps the sizes both give it, a module the members
    /// both give it (a Linear with and without bias keeps its weight), and the rest is unknown.
    /// </summary>
    public static InferredMember? Join(InferredMember? left, InferredMember? right)
    {
        if (left is null || right is null) return null;
        if (left.Equals(right)) return left;
        switch (left, right)
        {
            case (InferredTensor a, InferredTensor b) when a.IsBuffer == b.IsBuffer:
                return new InferredTensor(JoinShapes(a.Shape, b.Shape), a.Dtype == b.Dtype ? a.Dtype : null, a.IsBuffer);

            case (InferredModule a, InferredModule b) when a.TypeName == b.TypeName && a.Factory == b.Factory:
            {
                var members = new List<NamedMember>();
                bool complete = a.IsComplete && b.IsComplete && a.Members.Count == b.Members.Count;
                foreach (var member in a.Members)
                {
                    var other = b.Find(member.Name);
                    if (other is null) { complete = false; continue; }
                    var joined = Join(member.Value, other.Value);
                    if (joined is null or InferredModule { IsComplete: false }) complete = false;
                    members.Add(new NamedMember(member.Name, joined));
                }
                bool sameConstructor = a.Constructor == b.Constructor && a.Arguments.Count == b.Arguments.Count;
                var arguments = sameConstructor ? a.Arguments.Zip(b.Arguments, JoinArguments).ToValueArray() : ValueArray<ModuleArgument>.Empty;
                return new InferredModule(a.TypeName, a.Factory, members.ToValueArray(), complete, Join(a.ElementTemplate, b.ElementTemplate),
                    sameConstructor ? a.Constructor : null, arguments);
            }

            case (InferredCollection a, InferredCollection b):
                return new InferredCollection(a.Elements.Concat(b.Elements).Distinct().ToValueArray());

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
    public static Resolution Resolve(InferredMember? value, string? path)
    {
        if (string.IsNullOrEmpty(path)) return Resolution.Found(value);
        return Resolve(value, path!.Split('.'), 0);
    }

    private static Resolution Resolve(InferredMember? value, string[] segments, int index)
    {
        if (index == segments.Length) return Resolution.Found(value);
        string segment = segments[index];
        switch (value)
        {
            case null:
                return Resolution.Unknown;

            case InferredTensor:
                return Resolution.NotFound(segment, "a tensor", Array.Empty<string>());

            case InferredCollection collection:
            {
                var resolved = new List<InferredMember?>();
                bool unknown = false;
                foreach (var element in collection.Elements)
                {
                    var inner = Resolve(element, segments, index);
                    if (inner.Status == ResolutionStatus.NotFound) return inner;
                    if (inner.Status == ResolutionStatus.Unknown) unknown = true;
                    resolved.Add(inner.Value);
                }
                return unknown && resolved.All(r => r is null) ? Resolution.Unknown : Resolution.Found(new InferredCollection(resolved.Distinct().ToValueArray()));
            }

            case InferredModule module:
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
    public static IReadOnlyList<(string Path, InferredTensor Tensor)> Tensors(InferredMember value, bool includeBuffers, out bool complete)
    {
        var tensors = new List<(string, InferredTensor)>();
        complete = true;
        Collect(value, "", includeBuffers, tensors, ref complete, depth: 0);
        return tensors;
    }

    private static void Collect(InferredMember? value, string prefix, bool includeBuffers, List<(string, InferredTensor)> tensors, ref bool complete, int depth)
    {
        if (depth > 16) { complete = false; return; }
        switch (value)
        {
            case InferredTensor tensor:
                if (includeBuffers || !tensor.IsBuffer) tensors.Add((prefix, tensor));
                break;
            case InferredModule module:
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
    private Resolution(ResolutionStatus status, InferredMember? value, string? missing, string? owner, ImmutableArray<string> available)
    {
        Status = status;
        Value = value;
        Missing = missing;
        Owner = owner;
        Available = available.IsDefault ? ImmutableArray<string>.Empty : available;
    }

    public ResolutionStatus Status { get; }

    /// <summary>The value found; null when found but not known.</summary>
    public InferredMember? Value { get; }

    /// <summary>The path segment that does not exist.</summary>
    public string? Missing { get; }

    /// <summary>What lacks it, as messages name it: <c>Linear</c>, <c>Parameter</c>.</summary>
    public string? Owner { get; }

    /// <summary>The members that do exist there.</summary>
    public ImmutableArray<string> Available { get; }

    public static Resolution Found(InferredMember? value) => new(ResolutionStatus.Found, value, null, null, default);

    public static Resolution NotFound(string missing, string owner, IEnumerable<string> available)
        => new(ResolutionStatus.NotFound, null, missing, owner, available.ToImmutableArray());

    public static readonly Resolution Unknown = new(ResolutionStatus.Unknown, null, null, null, default);
}
