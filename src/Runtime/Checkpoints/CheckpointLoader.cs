using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Loads a checkpoint file into a model with the rules of <c>load_state_dict</c> and of shared groups: every
/// tensor of the model's <c>state_dict()</c> is read from its own entry or, when the file leaves it out, from an
/// entry of one of its aliases (Hugging Face leaves aliases out, PyTorch writes them); entries that the file holds
/// for both must agree, whatever <c>strict</c> says. The whole file is checked before the model changes.
/// </summary>
internal static class CheckpointLoader
{
    public static LoadReport Load(nn.Module model, CheckpointFile file, string source, bool strict, KeyMap? keys)
    {
        keys ??= new KeyMap();
        var targets = model.state_dict();
        var ties = TiedKey.Of(model).Where(t => targets.ContainsKey(t.Owner)).ToList();
        var aliases = ties.Select(t => t.Alias).ToHashSet(StringComparer.Ordinal);

        // The file's entries, by the model key each stands for.
        var entryOf = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        foreach (var fileKey in file.Keys)
        {
            if (keys.ToModel(fileKey) is not { } modelKey) continue;
            if (!targets.ContainsKey(modelKey) && !aliases.Contains(modelKey))
            {
                unexpected.Add(fileKey);
                continue;
            }
            if (entryOf.TryGetValue(modelKey, out var other))
            {
                throw new InvalidOperationException(
                    $"{source}: both '{other.FileKey}' and '{fileKey}' are read as '{modelKey}'. Map one of them to " +
                    "another key, or ignore it.");
            }
            entryOf[modelKey] = new Entry(fileKey, modelKey, Tie: null);
        }

        // Where each tensor of the model is read from: its own entry, else the entry of an alias.
        var sources = targets.Keys.Where(entryOf.ContainsKey).ToDictionary(k => k, k => entryOf[k], StringComparer.Ordinal);
        var pairs = new List<(Entry Owner, Entry Alias)>();
        foreach (var tie in ties)
        {
            if (!entryOf.TryGetValue(tie.Alias, out var aliasEntry)) continue;
            var alias = aliasEntry with { Tie = tie };
            if (sources.TryGetValue(tie.Owner, out var owner)) pairs.Add((owner, alias));
            else sources[tie.Owner] = alias;
        }

        var missing = targets.Keys.Where(k => !sources.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw KeysDoNotMatch(model, source, keys, missing, unexpected, targets.Keys.Concat(aliases).ToList());

        foreach (var (key, entry) in sources)
            CheckShape(source, file, keys, entry, key, targets[key]);
        foreach (var (owner, alias) in pairs)
            CheckShape(source, file, keys, alias, owner.ModelKey, targets[owner.ModelKey]);

        foreach (var (owner, alias) in pairs)
        {
            using var ownerValue = Read(file, keys, owner);
            using var aliasValue = Read(file, keys, alias);
            if (!TensorAgreement.SameValues(ownerValue, aliasValue))
                throw TiedEntriesDiffer(model, source, file, owner, alias);
        }

        // In the file's order, so that a file is read front to back.
        var order = file.Keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (key, entry) in sources.OrderBy(s => order[s.Value.FileKey]))
            {
                using var value = Read(file, keys, entry);
                targets[key].copy_(value);
            }
        }
        return new LoadReport(missing, unexpected);
    }

    /// <summary>An entry of the file and the model key it stands for; read through <see cref="Tie"/> when it is
    /// an alias's entry that stands for its owner.</summary>
    private sealed record Entry(string FileKey, string ModelKey, TiedKey? Tie);

    /// <summary>The entry's values as the model key it loads into holds them: in the model's layout, and for an
    /// alias's entry, in its owner's.</summary>
    private static Tensor Read(CheckpointFile file, KeyMap keys, Entry entry)
    {
        var value = file.Read(entry.FileKey);
        if (keys.IsTransposed(entry.ModelKey) && value.dim() == 2) value = Swap(value);
        if (entry.Tie is { Transpose: true }) value = Swap(value);
        return value;
    }

    private static Tensor Swap(Tensor value)
    {
        var transposed = value.t();
        value.Dispose();
        return transposed;
    }

    private static void CheckShape(string source, CheckpointFile file, KeyMap keys, Entry entry, string targetKey, Tensor target)
    {
        var shape = file.Shape(entry.FileKey);
        if (keys.IsTransposed(entry.ModelKey))
        {
            if (shape.Length > 2)
                throw new InvalidOperationException($"{source}: '{entry.FileKey}' is {Format(shape)}; the KeyMap transposes '{entry.ModelKey}', but only 2-D tensors have a transpose.");
            shape = Transposed(shape);
        }
        if (entry.Tie is { Transpose: true }) shape = Transposed(shape);
        if (shape.SequenceEqual(target.shape)) return;

        string through = entry.ModelKey == targetKey ? $"'{targetKey}'" : $"'{targetKey}' (through its alias '{entry.ModelKey}')";
        throw new InvalidOperationException(
            $"{source}: '{entry.FileKey}' is read as {Format(shape)}, but the model's {through} is {Format(target.shape)}" +
            (keys.IsTransposed(entry.ModelKey) ? " (the KeyMap transposes it)" : "") + ".");
    }

    private static long[] Transposed(long[] shape) => shape.Length == 2 ? new[] { shape[1], shape[0] } : shape;

    private static InvalidOperationException TiedEntriesDiffer(nn.Module model, string source, CheckpointFile file, Entry owner, Entry alias)
    {
        var tie = alias.Tie!;
        bool renamed = owner.FileKey != owner.ModelKey || alias.FileKey != alias.ModelKey;
        return new InvalidOperationException(
            $"{source} holds different values for '{owner.FileKey}' {Format(file.Shape(owner.FileKey))} and " +
            $"'{alias.FileKey}' {Format(file.Shape(alias.FileKey))}, which share group '{tie.Group}' in {model.GetType().Name}" +
            (renamed ? $" (as '{owner.ModelKey}' and '{alias.ModelKey}')" : "") +
            (tie.Transpose ? " (the second as the transpose of the first)" : "") +
            ". Loading either would silently drop the other; make them equal, or remove one of the entries.");
    }

    private static InvalidOperationException KeysDoNotMatch(
        nn.Module model, string source, KeyMap keys, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> modelKeys)
    {
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            var candidates = unexpected.ToDictionary(k => k, k => keys.ToModel(k) ?? k, StringComparer.Ordinal);
            parts.Add($"missing {Count(missing.Count, "key")} " + string.Join(", ", missing.Select(m =>
                ClosestKey.Find(m, candidates.Keys, k => candidates[k]) is { } near ? $"'{m}' (closest in the file: '{near}')" : $"'{m}'")));
        }
        if (unexpected.Count > 0)
        {
            parts.Add($"unexpected {Count(unexpected.Count, "key")} " + string.Join(", ", unexpected.Select(u =>
            {
                string read = keys.ToModel(u) ?? u;
                var notes = new List<string>();
                if (read != u) notes.Add($"read as '{read}'");
                if (ClosestKey.Find(read, modelKeys, k => k) is { } near) notes.Add($"closest in the model: '{near}'");
                return notes.Count == 0 ? $"'{u}'" : $"'{u}' ({string.Join("; ", notes)})";
            })));
        }
        return new InvalidOperationException(
            $"{source} does not match {model.GetType().Name}: {string.Join("; ", parts)}. " +
            "Map the file's keys to the model's with a KeyMap, or load with strict: false to load the entries that match.");
    }

    private static string Count(int count, string noun) => count == 1 ? noun : $"{noun}s";

    private static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
