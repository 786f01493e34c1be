using System.Collections.Immutable;
using System.Linq;

namespace Declarative.Common.Shapes;

/// <summary>
/// What the evaluator knows about an expression while it reads a constructor. A null <see cref="Value"/> means
/// "not known", and everything built from an unknown is unknown.
/// </summary>
internal abstract class Value
{
    public virtual InferredMember? AsMember => null;

    /// <summary>
    /// What is known of a value that is <paramref name="left"/> on one path and <paramref name="right"/> on another
    /// (the branches of an <c>if</c>, <c>?:</c> or switch): what both agree on, unknown where they differ.
    /// </summary>
    public static Value? Join(Value? left, Value? right)
    {
        if (left is null || right is null) return null;
        if (ReferenceEquals(left, right)) return left;
        switch (left, right)
        {
            case (SizeValue a, SizeValue b):
                return a.Size.Equals(b.Size) ? a : null;
            case (FlagValue a, FlagValue b):
                return a.Flag == b.Flag ? a : null;
            case (StringValue a, StringValue b):
                return a.Text == b.Text ? a : null;
            case (DtypeValue a, DtypeValue b):
                return a.Name == b.Name ? a : null;
            case (ObjectValue a, ObjectValue b):
                return a.Path == b.Path ? a : null;
            case (NullValue, NullValue):
                return left;
            case (TensorValue a, TensorValue b):
                return InferredMembers.Join(a.Info, b.Info) is InferredTensor tensor ? new TensorValue(tensor) : null;
            case (ModuleValue a, ModuleValue b):
                return InferredMembers.Join(a.Info, b.Info) is InferredModule module ? new ModuleValue(module) : null;
            case (TupleValue a, TupleValue b) when a.Items.Length == b.Items.Length:
                return new TupleValue(a.Items.Zip(b.Items, Join).ToImmutableArray());
            case (SequenceValue a, SequenceValue b):
                // The same count: element by element. Otherwise every element of either is a possible element.
                return a.Elements.Length == b.Elements.Length
                    ? new SequenceValue(a.Elements.Zip(b.Elements, Join).ToImmutableArray(), a.IsComplete && b.IsComplete)
                    : new SequenceValue(a.Elements.AddRange(b.Elements), isComplete: false);
            default:
                return null;
        }
    }
}

/// <summary>An integer: a size.</summary>
internal sealed class SizeValue : Value
{
    public SizeValue(SymbolicSize size) => Size = size;

    public SymbolicSize Size { get; }

    public override bool Equals(object? obj) => obj is SizeValue other && Size.Equals(other.Size);

    public override int GetHashCode() => Size.GetHashCode();
}

/// <summary>A known boolean, such as <c>hasBias: false</c>.</summary>
internal sealed class FlagValue : Value
{
    public static readonly FlagValue True = new(true);
    public static readonly FlagValue False = new(false);

    private FlagValue(bool flag) => Flag = flag;

    public bool Flag { get; }

    public static FlagValue Of(bool flag) => flag ? True : False;
}

/// <summary>A known string, such as a child's name in <c>Sequential(("fc", Linear(...)))</c>.</summary>
internal sealed class StringValue : Value
{
    public StringValue(string text) => Text = text;

    public string Text { get; }
}

/// <summary>The literal <c>null</c>, such as <c>kdim: null</c>.</summary>
internal sealed class NullValue : Value
{
    public static readonly NullValue Instance = new();
}

/// <summary>A <c>ScalarType</c>, by member name.</summary>
internal sealed class DtypeValue : Value
{
    public DtypeValue(string name) => Name = name;

    public string Name { get; }
}

/// <summary>A tuple, such as a kernel size <c>(3, 5)</c>.</summary>
internal sealed class TupleValue : Value
{
    public TupleValue(ImmutableArray<Value?> items) => Items = items;

    public ImmutableArray<Value?> Items { get; }
}

/// <summary>
/// An array or list: sizes (<c>new long[] { a, b }</c>) or modules (<c>new ModuleList&lt;Linear&gt;()</c> and what is
/// added to it). <see cref="IsComplete"/> is false when elements were added in loops or branches.
/// </summary>
internal sealed class SequenceValue : Value
{
    public SequenceValue(ImmutableArray<Value?> elements, bool isComplete)
    {
        Elements = elements;
        IsComplete = isComplete;
    }

    public ImmutableArray<Value?> Elements { get; }

    public bool IsComplete { get; }

    public SequenceValue Add(Value? element, bool certain) => new(Elements.Add(element), IsComplete && certain);

    public override InferredMember? AsMember
        => new InferredCollection(Elements.Select(e => e?.AsMember).Distinct().ToValueArray());
}

/// <summary>A tensor, such as <c>torch.randn(vocab, dim)</c>.</summary>
internal sealed class TensorValue : Value
{
    public TensorValue(InferredTensor info) => Info = info;

    public InferredTensor Info { get; }

    public override InferredMember? AsMember => Info;
}

/// <summary>A module, such as <c>Linear(dim, vocab)</c> or <c>new Block(dim)</c>.</summary>
internal sealed class ModuleValue : Value
{
    public ModuleValue(InferredModule info) => Info = info;

    public InferredModule Info { get; }

    public override InferredMember? AsMember => Info;
}

/// <summary>An object whose integer properties are sizes in their own right, such as a configuration <c>cfg</c>.</summary>
internal sealed class ObjectValue : Value
{
    public ObjectValue(string path) => Path = path;

    /// <summary>How sizes read from it are named: <c>cfg</c> gives <c>cfg.Hidden</c>.</summary>
    public string Path { get; }
}
