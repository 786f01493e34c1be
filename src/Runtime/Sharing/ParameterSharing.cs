using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The shared groups of one model instance, made real: every alias slot holds its owner's tensor object itself (a
/// transposed member: a view of it), so that one storage is read and written through every member and the
/// gradients of all uses accumulate in the owner.
/// </summary>
/// <remarks>
/// The generated code of a model with <see cref="SharedAttribute"/> members keeps one instance, ties it at the end
/// of <c>RegisterComponents()</c>, and routes TorchSharp's enumeration, checkpoint and conversion methods through
/// it: aliases are left out of <c>named_parameters()</c>, <c>named_buffers()</c> and <c>state_dict()</c>; checkpoints
/// of untied models are checked when they load; and after <c>to(...)</c> the aliases are made again from the owner's
/// converted tensor, because TorchSharp converts every registered tensor on its own.
/// </remarks>
public sealed class ParameterSharing
{
    // Which model each instance ties, so that code outside the generated class (checkpoint files, vocabulary
    // resizing) finds the ties of a model and of the models nested in it. Weak: a model's entry goes with it.
    private static readonly ConditionalWeakTable<nn.Module, ParameterSharing> Models = new();

    private readonly List<SharedTensor> _tensors = new();
    private readonly HashSet<string> _aliasPaths = new(StringComparer.Ordinal);

    /// <summary>Whether <see cref="Tie"/> has run.</summary>
    public bool IsTied { get; private set; }

    /// <summary>The tied tensor pairs, owner first, in declaration order.</summary>
    internal IReadOnlyList<SharedTensor> Tensors => _tensors;

    /// <summary>
    /// Makes every alias of <paramref name="groups"/> hold its owner's tensor. Runs once per model: TorchSharp calls
    /// <c>RegisterComponents()</c> again when the model is registered inside another module.
    /// </summary>
    /// <exception cref="InvalidOperationException">A member does not exist, or shapes or structures differ;
    /// the message names the key, the fields and the shapes. The model is left unchanged.</exception>
    public void Tie(nn.Module model, params SharedGroup[] groups)
    {
        if (IsTied) return;

        var tensors = new List<SharedTensor>();
        foreach (var group in groups)
            tensors.AddRange(Resolve(model, group));

        // Everything is checked before anything is replaced, so a failure leaves the model as the user built it.
        foreach (var tensor in tensors)
            tensor.Alias.Set(tensor.MakeAlias());

        _tensors.AddRange(tensors);
        foreach (var tensor in tensors)
            _aliasPaths.Add(tensor.Alias.Path);
        IsTied = true;
        Models.AddOrUpdate(model, this);
    }

    /// <summary>The sharing of <paramref name="model"/>'s own <see cref="SharedAttribute"/> groups, or null.</summary>
    internal static ParameterSharing? Of(nn.Module model) => Models.TryGetValue(model, out var sharing) ? sharing : null;

    /// <summary>Whether <paramref name="name"/> (as <c>named_parameters()</c> lists it) is an alias.</summary>
    public bool IsAlias(string name) => _aliasPaths.Contains(name);

    /// <summary>Leaves aliases out of a <c>named_parameters()</c> enumeration.</summary>
    public IEnumerable<(string name, Parameter parameter)> WithoutAliases(IEnumerable<(string name, Parameter parameter)> parameters)
        => _aliasPaths.Count == 0 ? parameters : parameters.Where(p => !_aliasPaths.Contains(p.name));

    /// <summary>Leaves aliases out of a <c>named_buffers()</c> enumeration.</summary>
    public IEnumerable<(string name, Tensor buffer)> WithoutAliases(IEnumerable<(string name, Tensor buffer)> buffers)
        => _aliasPaths.Count == 0 ? buffers : buffers.Where(b => !_aliasPaths.Contains(b.name));

    /// <summary>Removes the aliases that <c>state_dict(destination, prefix)</c> added under <paramref name="prefix"/>.</summary>
    public Dictionary<string, Tensor> WithoutAliases(Dictionary<string, Tensor> stateDict, string? prefix)
    {
        foreach (var path in _aliasPaths)
            stateDict.Remove(string.IsNullOrEmpty(prefix) ? path : $"{prefix}.{path}");
        return stateDict;
    }

    /// <summary>
    /// Prepares a state dictionary for <c>load_state_dict</c>: an entry for an alias (a checkpoint of the untied
    /// model) is accepted when it equals its owner's entry and dropped, used as the owner's value when the owner's
    /// entry is missing, and refused otherwise. Never "last key wins".
    /// </summary>
    /// <exception cref="InvalidOperationException">An alias entry and its owner's entry hold different values.</exception>
    public Dictionary<string, Tensor> ReconcileCheckpoint(Dictionary<string, Tensor> source)
    {
        if (_tensors.Count == 0 || !_tensors.Any(t => source.ContainsKey(t.Alias.Path)))
            return source;

        var reconciled = new Dictionary<string, Tensor>(source, StringComparer.Ordinal);
        foreach (var tensor in _tensors)
        {
            if (!reconciled.TryGetValue(tensor.Alias.Path, out var aliasValue)) continue;
            reconciled.Remove(tensor.Alias.Path);

            if (!reconciled.TryGetValue(tensor.Owner.Path, out var ownerValue))
            {
                // Only the alias was saved: it holds the owner's value. (A view: no copy, freed with the dictionary.)
                reconciled[tensor.Owner.Path] = tensor.Transpose ? aliasValue.t() : aliasValue;
                continue;
            }
            using var ownerView = tensor.Transpose ? aliasValue.t() : aliasValue.alias();
            if (!TensorAgreement.SameValues(ownerView, ownerValue))
            {
                throw new InvalidOperationException(
                    $"The checkpoint holds different values for '{tensor.Owner.Path}' {ModelMember.Shape(ownerValue)} and " +
                    $"'{tensor.Alias.Path}' {ModelMember.Shape(aliasValue)}, which share group '{tensor.Key}'" +
                    (tensor.Transpose ? " (the second as the transpose of the first)" : "") +
                    ". Loading either would silently drop the other; make them equal, or remove one of the entries.");
            }
        }
        return reconciled;
    }

    /// <summary>
    /// Before TorchSharp converts the model's tensors: points every alias at a placeholder, so that the conversion
    /// neither converts the owner's tensor a second time nor disposes it through an alias.
    /// </summary>
    public void BeforeMove()
    {
        foreach (var tensor in _tensors)
            tensor.Alias.Set(tensor.MakePlaceholder(), keepPrevious: !tensor.Transpose);
    }

    /// <summary>After TorchSharp converted the model's tensors: makes every alias again from its converted owner.</summary>
    public void AfterMove()
    {
        foreach (var tensor in _tensors)
            tensor.Alias.Set(tensor.MakeAlias());
    }

    /// <summary>
    /// Gives the owner of the pairs <paramref name="group"/> a new tensor (of another shape: a resized vocabulary)
    /// and makes their aliases again from it, as a move does.
    /// </summary>
    internal void ReplaceOwner(IReadOnlyList<SharedTensor> group, Tensor owner)
    {
        foreach (var tensor in group)
            tensor.Alias.Set(tensor.MakePlaceholder(), keepPrevious: !tensor.Transpose);
        group[0].Owner.Set(owner);
        foreach (var tensor in group)
            tensor.Alias.Set(tensor.MakeAlias());
    }

    /// <summary>
    /// Reads a file written by <c>Module.save</c> and loads it through the model's <c>load_state_dict</c>, so that
    /// files of the untied model (with an entry per alias) are reconciled like state dictionaries.
    /// </summary>
    public void Load(nn.Module model, BinaryReader reader, bool strict, IList<string>? skip, Dictionary<string, bool>? loadedParameters)
    {
        var knownKeys = model.state_dict().Keys;
        var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            long count = ReadEntryCount(reader);
            for (long i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                var value = TensorExtensionMethods.Load(reader);
                bool skipped = skip is not null && skip.Contains(key);
                if (!skipped) entries[key] = value;
                else value.Dispose();
                loadedParameters?.Add(key, knownKeys.Contains(key) || _aliasPaths.Contains(key));
            }
            model.load_state_dict(entries, strict);
        }
        finally
        {
            foreach (var value in entries.Values) value.Dispose();
        }
    }

    /// <summary>The entry count at the start of a file written by <c>Module.save</c> (unsigned LEB128).</summary>
    private static long ReadEntryCount(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte next = reader.ReadByte();
            value |= (long)(next & 0x7f) << shift;
            if ((next & 0x80) == 0) return value;
        }
    }

    private static IEnumerable<SharedTensor> Resolve(nn.Module model, SharedGroup group)
    {
        var targets = group.Members.SelectMany(member => Targets(model, group, member)).ToList();
        var owner = targets[0];

        foreach (var alias in targets.Skip(1))
        {
            foreach (var tensor in Pair(group.Key, owner, alias))
                yield return tensor;
        }
    }

    private static IEnumerable<SharedTensor> Pair(string key, SharedTarget owner, SharedTarget alias)
    {
        string ownerName = owner.Display, aliasName = alias.Display;
        bool transpose = alias.Member.Transpose;

        if (owner.Value is TensorSlot ownerSlot && alias.Value is TensorSlot aliasSlot)
        {
            var shared = new SharedTensor(key, ownerSlot, aliasSlot, transpose);
            shared.CheckShapes(ownerName, aliasName);
            return new[] { shared };
        }
        if (owner.Value is nn.Module ownerModule && alias.Value is nn.Module aliasModule)
        {
            if (transpose)
                throw new InvalidOperationException($"Shared group '{key}': '{aliasName}' is a module ({aliasModule.GetType().Name}); Transpose applies to a single 2-D parameter. Name it with Member.");
            if (ReferenceEquals(ownerModule, aliasModule))
                return Array.Empty<SharedTensor>();

            var ownerTensors = ModelMember.Tensors(ownerModule, owner.Path);
            var aliasTensors = ModelMember.Tensors(aliasModule, alias.Path).ToDictionary(t => t.RelativeName, t => t.Slot);
            var missing = ownerTensors.Select(t => t.RelativeName).Where(n => !aliasTensors.ContainsKey(n)).ToList();
            var extra = aliasTensors.Keys.Except(ownerTensors.Select(t => t.RelativeName)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Shared group '{key}': '{aliasName}' ({aliasModule.GetType().Name}) and its owner '{ownerName}' ({ownerModule.GetType().Name}) " +
                    "do not have the same parameters and buffers" +
                    (missing.Count > 0 ? $"; only the owner has {string.Join(", ", missing.Select(m => $"'{m}'"))}" : "") +
                    (extra.Count > 0 ? $"; only '{aliasName}' has {string.Join(", ", extra.Select(m => $"'{m}'"))}" : "") + ".");
            }
            var pairs = ownerTensors.Select(t => new SharedTensor(key, t.Slot, aliasTensors[t.RelativeName], transpose: false)).ToList();
            foreach (var pair in pairs)
                pair.CheckShapes($"{ownerName}.{RelativeTo(pair.Owner.Path, owner.Path)}", $"{aliasName}.{RelativeTo(pair.Alias.Path, alias.Path)}");
            return pairs;
        }
        throw new InvalidOperationException(
            $"Shared group '{key}': '{aliasName}' is {Describe(alias.Value)} but its owner '{ownerName}' is {Describe(owner.Value)}; " +
            "members of a group must both be modules or both be tensors.");
    }

    private static string RelativeTo(string path, string prefix) => path.Length > prefix.Length ? path.Substring(prefix.Length + 1) : path;

    private static string Describe(object value) => value is TensorSlot slot
        ? $"a tensor {ModelMember.Shape(slot.Get())}"
        : $"a module ({value.GetType().Name})";

    private static IEnumerable<SharedTarget> Targets(nn.Module model, SharedGroup group, SharedMember member)
        => ModelMember.Resolve(model, member.Field, member.Member, $"Shared group '{group.Key}', field '{member.Field}'", "shared")
            .Select(t => new SharedTarget(member, t.Value, t.Path));

    /// <summary>A resolved member: a module or a tensor slot, with the path it is registered under.</summary>
    private sealed record SharedTarget(SharedMember Member, object Value, string Display)
    {
        public string Path => Value is TensorSlot slot ? slot.Path : Display;
    }
}

/// <summary>One owner tensor and one alias of it.</summary>
internal sealed class SharedTensor
{
    public SharedTensor(string key, TensorSlot owner, TensorSlot alias, bool transpose)
    {
        Key = key;
        Owner = owner;
        Alias = alias;
        Transpose = transpose;
    }

    public string Key { get; }
    public TensorSlot Owner { get; }
    public TensorSlot Alias { get; }
    public bool Transpose { get; }

    public void CheckShapes(string ownerName, string aliasName)
    {
        var owner = Owner.Get();
        var alias = Alias.Get();
        if (Transpose && owner.dim() != 2)
            throw new InvalidOperationException($"Shared group '{Key}': '{aliasName}' is declared Transpose, but its owner '{ownerName}' is {ModelMember.Shape(owner)}, not 2-D.");

        long[] expected = Transpose ? new[] { owner.shape[1], owner.shape[0] } : owner.shape;
        if (!alias.shape.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"Shared group '{Key}': '{aliasName}' is {ModelMember.Shape(alias)} but '{ownerName}', owner of the group, is {ModelMember.Shape(owner)}" +
                (Transpose ? $"; as its transpose '{aliasName}' must be [{string.Join(", ", expected)}]." : "."));
        }
    }

    /// <summary>
    /// What the alias slot holds: the owner's own tensor object, so that every use accumulates its gradient in the
    /// owner directly; or, for a transposed member, a view of it, through which gradients flow back to the owner.
    /// </summary>
    public Tensor MakeAlias()
    {
        var owner = Owner.Get();
        if (!Transpose)
            return owner;
        var view = owner.t();
        return Alias.IsBuffer ? view : new Parameter(view, requires_grad: owner.requires_grad);
    }

    /// <summary>An empty tensor of the owner's dtype and device that stands in for the alias while the model moves.</summary>
    public Tensor MakePlaceholder()
    {
        var owner = Owner.Get();
        var empty = torch.empty(0, dtype: owner.dtype, device: owner.device);
        return Alias.IsBuffer ? empty : new Parameter(empty, requires_grad: false);
    }
}
