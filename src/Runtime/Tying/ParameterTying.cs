using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The tie groups of one model instance and their penalty. The generated <c>TyingPenalty()</c> calls
/// <see cref="Penalty"/>; <see cref="Tying.Penalty(ITiedModel[])"/> combines the groups of several models.
/// </summary>
/// <remarks>
/// The members are found on the first call and kept as (module, name) pairs whose tensors are read on every call,
/// so <c>to(...)</c>, <c>half()</c>, <c>load</c> and <c>load_state_dict</c> are followed. Modules added to a tied
/// collection, or module fields assigned anew, after that first call are not seen.
/// </remarks>
public sealed class ParameterTying
{
    private IReadOnlyList<ResolvedGroup>? _resolved;

    /// <summary>Declares the tie groups of a model.</summary>
    public ParameterTying(params TieGroup[] groups) => Groups = groups ?? throw new ArgumentNullException(nameof(groups));

    /// <summary>The tie groups, in declaration order.</summary>
    public IReadOnlyList<TieGroup> Groups { get; }

    /// <summary>
    /// <c>Σ_groups Lambda · Σ_{i&lt;j} d(w_i, w_j)</c> over the groups of <paramref name="model"/>, plus the penalties of the
    /// tied models nested in it. A scalar of the parameters' dtype and device; zero when nothing is tied.
    /// </summary>
    public Tensor Penalty(nn.Module model)
    {
        // The terms are added into the first one in place; the scope disposes the others' handles (the autograd
        // graph keeps what it needs) instead of leaving one per group and step to the finalizer.
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var group in Resolve(model))
        {
            foreach (var set in group.Sets)
            {
                if (set.Slots.Count < 2) continue;
                var term = TieDistance.Of(group.Group.Norm, set.Slots.Select(s => s.Get()).ToList()).mul_(group.Group.Lambda);
                total = Add(total, term);
            }
        }
        foreach (var nested in NestedTiedModels(model))
            total = Add(total, nested.Tying.Penalty((nn.Module)nested));

        return (total ?? Zero(model)).MoveToOuterDisposeScope();
    }

    /// <summary>The tensors of each group, matched by name across members (for modules: every parameter).</summary>
    internal IReadOnlyList<ResolvedGroup> Resolve(nn.Module model) => _resolved ??= Groups.Select(g => ResolveGroup(model, g)).ToList();

    internal static Tensor Add(Tensor? total, Tensor term) => total is null ? term : total.add_(term);

    internal static Tensor Zero(nn.Module model)
    {
        var first = model.parameters().FirstOrDefault();
        return first is null ? zeros(Array.Empty<long>()) : zeros(Array.Empty<long>(), dtype: first.dtype, device: first.device);
    }

    /// <summary>The tied models below <paramref name="model"/>, each once, not looking inside them (their penalty covers that).</summary>
    private static IEnumerable<ITiedModel> NestedTiedModels(nn.Module model)
    {
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<nn.Module>(model.children().Reverse());
        while (pending.Count > 0)
        {
            var module = pending.Pop();
            if (!seen.Add(module)) continue;
            if (module is ITiedModel tied)
            {
                yield return tied;
                continue;
            }
            foreach (var child in module.children().Reverse())
                pending.Push(child);
        }
    }

    private static ResolvedGroup ResolveGroup(nn.Module model, TieGroup group)
    {
        var members = group.Members.SelectMany(member => Targets(model, group, member)).ToList();

        var names = members[0].Tensors.Select(t => t.RelativeName).ToList();
        foreach (var member in members.Skip(1))
        {
            var theirs = member.Tensors.Select(t => t.RelativeName).ToList();
            if (!theirs.SequenceEqual(names))
            {
                throw new InvalidOperationException(
                    $"Tie group '{group.Key}': '{member.Display}' has parameters {List(theirs)} but '{members[0].Display}' has {List(names)}; " +
                    "tied members must have the same parameters.");
            }
        }

        var sets = names.Select((name, index) => new TiedSet(name, members.Select(m => m.Tensors[index].Slot).ToList())).ToList();
        foreach (var set in sets)
            CheckShapes(group.Key, set, members.Select(m => Join(m.Display, set.RelativeName)).ToList());
        return new ResolvedGroup(group, members.Select(m => m.Display).ToList(), sets);
    }

    internal static void CheckShapes(string key, TiedSet set, IReadOnlyList<string> displays)
    {
        var first = set.Slots[0].Get();
        for (int i = 1; i < set.Slots.Count; i++)
        {
            var other = set.Slots[i].Get();
            if (!TensorAgreement.SameShape(other, first))
            {
                throw new InvalidOperationException(
                    $"Tie group '{key}': '{displays[i]}' is {ModelMember.Shape(other)} but '{displays[0]}' is {ModelMember.Shape(first)}; tied tensors must have one shape.");
            }
        }
    }

    private static string Join(string display, string relativeName) => relativeName.Length == 0 ? display : $"{display}.{relativeName}";

    private static string List(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";

    private static IEnumerable<TiedTarget> Targets(nn.Module model, TieGroup group, TiedMember member)
    {
        string describe = $"Tie group '{group.Key}', field '{member.Field}'";
        return ModelMember.Resolve(model, member.Field, member.Member, describe, "tied").Select(t => Parameters(t.Value, t.Path, describe)).ToList();
    }

    /// <summary>A reached tensor, or every parameter of a reached module, by name relative to it.</summary>
    private static TiedTarget Parameters(object reached, string path, string describe)
    {
        if (reached is TensorSlot slot)
            return new TiedTarget(path, new[] { ("", slot) });

        var module = (nn.Module)reached;
        var tensors = ModelMember.Tensors(module, path).Where(t => !t.Slot.IsBuffer).ToList();
        if (tensors.Count == 0)
            throw new InvalidOperationException($"{describe}: '{path}' ({module.GetType().Name}) has no parameters to tie.");
        return new TiedTarget(path, tensors);
    }

    /// <summary>A resolved member: its display name and its tensors by name relative to it.</summary>
    private sealed record TiedTarget(string Display, IReadOnlyList<(string RelativeName, TensorSlot Slot)> Tensors);
}

/// <summary>The tensors that one parameter name stands for across the members of a group.</summary>
internal sealed record TiedSet(string RelativeName, IReadOnlyList<TensorSlot> Slots);

/// <summary>A tie group with its members resolved in one model.</summary>
internal sealed record ResolvedGroup(TieGroup Group, IReadOnlyList<string> Members, IReadOnlyList<TiedSet> Sets);
