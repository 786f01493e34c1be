using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Common.Shapes;

/// <summary>
/// The object under construction: the values its fields and auto-properties hold so far, and the parameters and
/// locals of the constructor or helper being read, at the point the walker has reached.
/// </summary>
internal sealed class Frame
{
    public Frame(INamedTypeSymbol type)
        : this(type, new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default))
    {
    }

    private Frame(INamedTypeSymbol type, Dictionary<ISymbol, Value?> members, Dictionary<ISymbol, IOperation> creations, HashSet<ISymbol> untracked)
    {
        Type = type;
        Members = members;
        Creations = creations;
        Untracked = untracked;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>Field and auto-property values so far; a null value is an assignment whose value is not known.</summary>
    public Dictionary<ISymbol, Value?> Members { get; }

    /// <summary>The expression each member was last assigned from, where that assignment always runs.</summary>
    public Dictionary<ISymbol, IOperation> Creations { get; }

    /// <summary>The arguments of the constructor or helper being read, as assigned so far; parameters missing here are free (named sizes).</summary>
    public Dictionary<IParameterSymbol, Value?> Parameters { get; set; } = new(SymbolEqualityComparer.Default);

    /// <summary>Members that code inference cannot follow (a helper method) assigns: their value is not known.</summary>
    public HashSet<ISymbol> Untracked { get; }

    /// <summary>Locals by their value at the point reached; a null value is not known.</summary>
    public Dictionary<ILocalSymbol, Value?> Locals { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// A frame for an instance method of the same object, called with <paramref name="arguments"/>: it reads and
    /// assigns the same members, with parameters and locals of its own.
    /// </summary>
    public Frame ForInstanceHelper(Dictionary<IParameterSymbol, Value?> arguments) => new(Type, Members, Creations, Untracked) { Parameters = arguments };

    /// <summary>What the walker may need to go back to: before each branch of an <c>if</c> or switch.</summary>
    public FrameState Save() => new(
        new Dictionary<ISymbol, Value?>(Members, SymbolEqualityComparer.Default),
        new Dictionary<ISymbol, IOperation>(Creations, SymbolEqualityComparer.Default),
        new Dictionary<IParameterSymbol, Value?>(Parameters, SymbolEqualityComparer.Default),
        new Dictionary<ILocalSymbol, Value?>(Locals, SymbolEqualityComparer.Default));

    /// <summary>Puts a saved state back, in the same dictionaries (helper frames share them).</summary>
    public void Restore(FrameState state)
    {
        Refill(Members, state.Members);
        Refill(Creations, state.Creations);
        Refill(Parameters, state.Parameters);
        Refill(Locals, state.Locals);
    }

    private static void Refill<TKey, TValue>(Dictionary<TKey, TValue> target, Dictionary<TKey, TValue> source) where TKey : notnull
    {
        target.Clear();
        foreach (var pair in source) target[pair.Key] = pair.Value;
    }
}

/// <summary>A saved copy of a frame's values; <see cref="Join"/> merges the states at the end of each branch.</summary>
internal sealed class FrameState
{
    public FrameState(Dictionary<ISymbol, Value?> members, Dictionary<ISymbol, IOperation> creations, Dictionary<IParameterSymbol, Value?> parameters, Dictionary<ILocalSymbol, Value?> locals)
    {
        Members = members;
        Creations = creations;
        Parameters = parameters;
        Locals = locals;
    }

    public Dictionary<ISymbol, Value?> Members { get; }

    public Dictionary<ISymbol, IOperation> Creations { get; }

    public Dictionary<IParameterSymbol, Value?> Parameters { get; }

    public Dictionary<ILocalSymbol, Value?> Locals { get; }

    /// <summary>
    /// The state after branches that ended in these states: each value as <see cref="Value.Join"/> of the branches, and
    /// unknown where one branch leaves it unassigned; a creation only where every branch kept the same one.
    /// </summary>
    public static FrameState Join(IReadOnlyList<FrameState> states)
    {
        var first = states[0];
        var joined = new FrameState(
            JoinValues<ISymbol>(states, s => s.Members, SymbolEqualityComparer.Default),
            new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default),
            JoinValues<IParameterSymbol>(states, s => s.Parameters, SymbolEqualityComparer.Default),
            JoinValues<ILocalSymbol>(states, s => s.Locals, SymbolEqualityComparer.Default));
        foreach (var pair in first.Creations)
        {
            if (states.All(s => s.Creations.TryGetValue(pair.Key, out var creation) && ReferenceEquals(creation, pair.Value)))
                joined.Creations[pair.Key] = pair.Value;
        }
        return joined;
    }

    private static Dictionary<TKey, Value?> JoinValues<TKey>(IReadOnlyList<FrameState> states, System.Func<FrameState, Dictionary<TKey, Value?>> select, IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, Value?>(comparer);
        foreach (var key in states.SelectMany(s => select(s).Keys).Distinct(comparer))
        {
            Value? value = null;
            bool first = true, everywhere = true;
            foreach (var state in states)
            {
                if (!select(state).TryGetValue(key, out var branchValue)) { everywhere = false; break; }
                value = first ? branchValue : Value.Join(value, branchValue);
                first = false;
            }
            result[key] = everywhere ? value : null;
        }
        return result;
    }
}
