using System;
using System.Linq;

namespace Declarative.Common.Shapes;

/// <summary>The shape of a tensor, such as <c>[vocab, dim]</c>; equal shapes are equal symbolically.</summary>
internal sealed class SymbolicShape : IEquatable<SymbolicShape>
{
    public SymbolicShape(ValueArray<SymbolicDim> dims) => Dims = dims;

    public static SymbolicShape Of(params SymbolicSize?[] sizes) => new(sizes.Select(s => new SymbolicDim(s)).ToValueArray());

    public ValueArray<SymbolicDim> Dims { get; }

    public int Rank => Dims.Count;

    public bool IsFullyKnown => Dims.All(d => d.Size is not null);

    /// <summary>The transpose of a 2-D shape; null for other ranks.</summary>
    public SymbolicShape? Transposed() => Rank == 2 ? new SymbolicShape(ValueArray.Create(Dims[1], Dims[0])) : null;

    /// <summary>
    /// Different when the ranks differ or one pair of sizes certainly differs (<see cref="SymbolicSize.Compare"/>);
    /// Same when every size is known and equal; Undecided otherwise. Every shape check goes through here.
    /// </summary>
    public static ShapeRelation Compare(SymbolicShape? left, SymbolicShape? right)
    {
        if (left is null || right is null) return ShapeRelation.Undecided;
        if (left.Rank != right.Rank) return ShapeRelation.Different;
        bool undecided = false;
        for (int i = 0; i < left.Rank; i++)
        {
            var a = left.Dims[i].Size;
            var b = right.Dims[i].Size;
            var relation = a is null || b is null ? ShapeRelation.Undecided : SymbolicSize.Compare(a, b);
            if (relation == ShapeRelation.Different) return ShapeRelation.Different;
            if (relation == ShapeRelation.Undecided) undecided = true;
        }
        return undecided ? ShapeRelation.Undecided : ShapeRelation.Same;
    }

    public bool Equals(SymbolicShape? other) => other is not null && Dims.Equals(other.Dims);

    public override bool Equals(object? obj) => Equals(obj as SymbolicShape);

    public override int GetHashCode() => Dims.GetHashCode();

    /// <summary>The shape as the diagnostics and generated comments print it: <c>[vocab, dim]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", Dims.Select(d => d.ToString())) + "]";
}

/// <summary>One dimension of a shape; <see cref="Size"/> is null where it is not known.</summary>
internal readonly struct SymbolicDim : IEquatable<SymbolicDim>
{
    public SymbolicDim(SymbolicSize? size) => Size = size;

    public SymbolicSize? Size { get; }

    public bool Equals(SymbolicDim other) => Equals(Size, other.Size);

    public override bool Equals(object? obj) => obj is SymbolicDim other && Equals(other);

    public override int GetHashCode() => Size?.GetHashCode() ?? 0;

    public override string ToString() => Size?.ToString() ?? "?";
}

/// <summary>How two shapes relate when some of their sizes may be unknown.</summary>
internal enum ShapeRelation
{
    /// <summary>Every size is known and equal.</summary>
    Same,

    /// <summary>The ranks differ, or two known sizes certainly differ: an error whatever the unknown sizes are.</summary>
    Different,

    /// <summary>Nothing certainly differs, but something is unknown or may be equal at run time: no error.</summary>
    Undecided,
}
