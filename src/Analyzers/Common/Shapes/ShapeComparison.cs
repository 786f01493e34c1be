using System.Collections.Generic;
using System.Linq;

namespace Declarative.Common.Shapes;

internal static class ShapeComparison
{
    /// <summary>
    /// The first known difference between <paramref name="member"/> and <paramref name="owner"/>; null when none is
    /// known (equal, or not known). Buffers count for sharing, not for tying (which ties parameters only).
    /// </summary>
    public static Mismatch? FirstMismatch(InferredMember owner, InferredMember member, bool includeBuffers)
    {
        switch (owner, member)
        {
            case (InferredTensor a, InferredTensor b):
                return TensorMismatch("", a, b);

            case (InferredModule a, InferredModule b):
                return ModuleMismatch(a, b, includeBuffers);

            case (InferredTensor a, InferredModule b):
                return new Mismatch(MismatchKind.Structure, "", a.Describe(), b.Describe());

            case (InferredModule a, InferredTensor b):
                return new Mismatch(MismatchKind.Structure, "", a.Describe(), b.Describe());

            default:
                return null;
        }
    }

    /// <summary>For <c>Transpose = true</c>: whether the member is the exact transpose of the owner.</summary>
    public static ShapeRelation CompareTransposed(SymbolicShape owner, SymbolicShape member)
        => owner.Transposed() is { } expected ? SymbolicShape.Compare(expected, member) : ShapeRelation.Different;

    private static Mismatch? TensorMismatch(string path, InferredTensor owner, InferredTensor member)
    {
        if (SymbolicShape.Compare(owner.Shape, member.Shape) == ShapeRelation.Different)
            return Mismatch.OfShapes(path, owner.Shape!, member.Shape!);
        if (owner.Dtype is not null && member.Dtype is not null && owner.Dtype != member.Dtype)
            return new Mismatch(MismatchKind.Dtype, path, owner.Dtype, member.Dtype);
        return null;
    }

    private static Mismatch? ModuleMismatch(InferredModule owner, InferredModule member, bool includeBuffers)
    {
        var ownerTensors = InferredMembers.Tensors(owner, includeBuffers, out bool ownerComplete);
        var memberTensors = InferredMembers.Tensors(member, includeBuffers, out bool memberComplete);
        var byPath = new Dictionary<string, InferredTensor>();
        foreach (var (path, tensor) in memberTensors) byPath[path] = tensor;

        foreach (var (path, tensor) in ownerTensors)
        {
            if (byPath.TryGetValue(path, out var other) && TensorMismatch(path, tensor, other) is { } mismatch)
                return mismatch;
        }

        if (ownerComplete && memberComplete)
        {
            var ownerPaths = ownerTensors.Select(t => t.Path).ToList();
            var memberPaths = memberTensors.Select(t => t.Path).ToList();
            var onlyOwner = ownerPaths.Except(memberPaths).ToList();
            var onlyMember = memberPaths.Except(ownerPaths).ToList();
            if (onlyOwner.Count > 0)
                return new Mismatch(MismatchKind.Structure, "", owner.TypeName, member.TypeName, onlyOwner[0], ownerOnly: true);
            if (onlyMember.Count > 0)
                return new Mismatch(MismatchKind.Structure, "", owner.TypeName, member.TypeName, onlyMember[0], ownerOnly: false);
            return null;
        }

        // Not every tensor is known: instances of one user-defined type must at least get the same arguments.
        if (owner.Constructor is not null && owner.Constructor == member.Constructor && owner.Arguments.Count == member.Arguments.Count)
        {
            for (int i = 0; i < owner.Arguments.Count; i++)
            {
                var a = owner.Arguments[i];
                var b = member.Arguments[i];
                if (a.Differs(b))
                    return new Mismatch(MismatchKind.Argument, "", owner.Signature, member.Signature, a.Name);
            }
        }
        return null;
    }
}

/// <summary>How a member differs from the group's owner (or first member).</summary>
internal enum MismatchKind
{
    /// <summary>A tensor has another shape.</summary>
    Shape,

    /// <summary>A tensor has another dtype; both dtypes are given in code.</summary>
    Dtype,

    /// <summary>The two do not have the same tensors (names), or one is a module and the other a tensor.</summary>
    Structure,

    /// <summary>Two instances of one user-defined module type got different constructor arguments.</summary>
    Argument,
}

/// <summary>The first difference between a member and the member it must match.</summary>
internal sealed class Mismatch
{
    public Mismatch(MismatchKind kind, string path, string expected, string actual, string? detail = null, bool ownerOnly = false)
    {
        Kind = kind;
        Path = path;
        Expected = expected;
        Actual = actual;
        Detail = detail;
        OwnerOnly = ownerOnly;
    }

    public MismatchKind Kind { get; }

    /// <summary>Where, relative to the member: "" for the member itself, <c>0.weight</c> inside a module.</summary>
    public string Path { get; }

    /// <summary>What the owner has: a shape, a dtype, a constructor call.</summary>
    public string Expected { get; }

    /// <summary>What the member has.</summary>
    public string Actual { get; }

    /// <summary>Structure: the tensor that only one side has. Argument: the argument's name.</summary>
    public string? Detail { get; }

    /// <summary>Structure: whether the owner is the side that has <see cref="Detail"/>.</summary>
    public bool OwnerOnly { get; }

    /// <summary>Shape: the two shapes compared.</summary>
    public (SymbolicShape Expected, SymbolicShape Actual)? Shapes { get; private set; }

    public static Mismatch OfShapes(string path, SymbolicShape expected, SymbolicShape actual)
        => new(MismatchKind.Shape, path, expected.ToString(), actual.ToString()) { Shapes = (expected, actual) };
}
