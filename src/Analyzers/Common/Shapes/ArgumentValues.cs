using System.Collections.Generic;
using System.Linq;

namespace Declarative.Common.Shapes;

/// <summary>The evaluated arguments of a call by parameter name, defaults included, as the compiler bound them.</summary>
internal sealed class ArgumentValues
{
    private readonly Dictionary<string, Value?> _values;

    public ArgumentValues(Dictionary<string, Value?> values) => _values = values;

    public bool Has(string name) => _values.ContainsKey(name);

    public Value? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public SymbolicSize? Size(string name) => this[name] is SizeValue size ? size.Size : null;

    /// <summary>A boolean argument: its value, or null when it is not known.</summary>
    public bool? Flag(string name) => this[name] is FlagValue flag ? flag.Flag : null;

    public string? Dtype(string name) => this[name] is DtypeValue dtype ? dtype.Name : null;

    public bool IsNull(string name) => this[name] is NullValue;

    /// <summary>The sizes of a shape argument: one size, an array or list of sizes, or a tuple of sizes.</summary>
    public SymbolicShape? Shape(string name) => ShapeOf(this[name]);

    public static SymbolicShape? ShapeOf(Value? value) => value switch
    {
        SizeValue size => SymbolicShape.Of(size.Size),
        SequenceValue { IsComplete: true } sequence => SymbolicShape.Of(sequence.Elements.Select(e => (e as SizeValue)?.Size).ToArray()),
        TupleValue tuple => SymbolicShape.Of(tuple.Items.Select(e => (e as SizeValue)?.Size).ToArray()),
        _ => null,
    };
}
