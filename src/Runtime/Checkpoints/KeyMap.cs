using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>
/// How the keys of a checkpoint file name the tensors of a model whose fields are named differently, as when a
/// Hugging Face or PyTorch model is ported to TorchSharp: renamed prefixes, keys to ignore, and tensors stored in
/// the other layout (transposed). One map serves loading and saving: renames invert, so a model saved with the
/// map it was loaded with is saved under the file's names again.
/// </summary>
/// <remarks>
/// <para>
/// Patterns are dotted key prefixes in which <c>*</c> stands for one segment: <c>transformer.h.*.ln_1</c> matches
/// <c>transformer.h.0.ln_1.weight</c>. A rename maps the matched prefix and keeps the rest of the key; the
/// segments that <c>*</c> matched fill the other side's <c>*</c> in order. Where several renames match a key, the
/// most specific wins (the most segments, then the fewest <c>*</c>), in both directions, so the order in which
/// they are added does not matter.
/// </para>
/// <para>
/// A function can map what no rename matches (<see cref="Map"/>); saving needs its inverse.
/// </para>
/// </remarks>
/// <example>
/// Hugging Face GPT-2 into a model with its own field names, whose <c>Linear</c> weights are the transpose of
/// GPT-2's <c>Conv1D</c> weights:
/// <code>
/// var gpt2 = new KeyMap()
///     .Rename("transformer.wte", "tokens")
///     .Rename("transformer.h.*.attn.c_attn", "blocks.*.attention.queryKeyValue")
///     .Rename("lm_head", "head")
///     .Ignore("transformer.h.*.attn.bias")
///     .Transpose("blocks.*.attention.queryKeyValue.weight");
/// model.LoadSafetensors("model.safetensors", keys: gpt2);
/// </code>
/// </example>
public sealed class KeyMap
{
    private readonly List<(KeyPattern File, KeyPattern Model)> _renames = new();
    private readonly List<KeyPattern> _ignored = new();
    private readonly List<KeyPattern> _transposed = new();
    private Func<string, string?>? _toModel;
    private Func<string, string?>? _toFile;

    /// <summary>The file's keys whose leading segments match <paramref name="filePrefix"/> are the model's keys
    /// that start with <paramref name="modelPrefix"/> instead; either may be empty (a prefix added or removed).</summary>
    /// <exception cref="ArgumentException">The two sides have a different number of <c>*</c>.</exception>
    public KeyMap Rename(string filePrefix, string modelPrefix)
    {
        var file = KeyPattern.Parse(filePrefix ?? throw new ArgumentNullException(nameof(filePrefix)));
        var model = KeyPattern.Parse(modelPrefix ?? throw new ArgumentNullException(nameof(modelPrefix)));
        if (file.Wildcards != model.Wildcards)
        {
            throw new ArgumentException(
                $"Rename '{filePrefix}' -> '{modelPrefix}': the two sides must have the same number of '*' " +
                $"({file.Wildcards} and {model.Wildcards}).", nameof(modelPrefix));
        }
        _renames.Add((file, model));
        return this;
    }

    /// <summary>Each entry of <paramref name="table"/> is a <see cref="Rename(string, string)"/> from its key to its value.</summary>
    public KeyMap Rename(IEnumerable<KeyValuePair<string, string>> table)
    {
        foreach (var entry in table ?? throw new ArgumentNullException(nameof(table)))
            Rename(entry.Key, entry.Value);
        return this;
    }

    /// <summary>File keys that the model has no tensor for and that are not reported as unexpected: buffers such as
    /// GPT-2's saved causal masks (<c>transformer.h.*.attn.bias</c>). Saving writes nothing for them.</summary>
    public KeyMap Ignore(params string[] filePatterns)
    {
        _ignored.AddRange(filePatterns.Select(KeyPattern.Parse));
        return this;
    }

    /// <summary>Model keys whose 2-D tensors the file holds transposed (GPT-2's <c>Conv1D</c> weights are
    /// [in, out], TorchSharp's <c>Linear</c> weights [out, in]); patterns name the model's keys. Tensors of
    /// one dimension are the same in both layouts.</summary>
    public KeyMap Transpose(params string[] modelPatterns)
    {
        _transposed.AddRange(modelPatterns.Select(KeyPattern.Parse));
        return this;
    }

    /// <summary>
    /// Maps the keys that no rename matches by a function: <paramref name="toModel"/> gives a file key's model key,
    /// or null to ignore the entry; <paramref name="toFile"/>, its inverse, is needed to save.
    /// </summary>
    public KeyMap Map(Func<string, string?> toModel, Func<string, string?>? toFile = null)
    {
        _toModel = toModel ?? throw new ArgumentNullException(nameof(toModel));
        _toFile = toFile;
        return this;
    }

    /// <summary>The model key that <paramref name="fileKey"/> stands for, or null when the entry is ignored.</summary>
    internal string? ToModel(string fileKey)
    {
        if (_ignored.Any(p => p.Match(fileKey) is not null)) return null;
        if (MostSpecific(fileKey, toModel: true) is { } rename) return rename.Apply(fileKey);
        return _toModel is null ? fileKey : _toModel(fileKey);
    }

    /// <summary>The file key that <paramref name="modelKey"/> is saved under, or null when it is not saved.</summary>
    /// <exception cref="InvalidOperationException">A function maps the key and no inverse was given, or the map
    /// does not lead back to <paramref name="modelKey"/>.</exception>
    internal string? ToFile(string modelKey)
    {
        string? fileKey;
        if (MostSpecific(modelKey, toModel: false) is { } rename)
            fileKey = rename.Apply(modelKey);
        else if (_toModel is null)
            fileKey = modelKey;
        else if (_toFile is null)
        {
            throw new InvalidOperationException(
                $"Saving '{modelKey}': this KeyMap maps keys by a function without an inverse. Give Map its " +
                "toFile function to save with it.");
        }
        else
            fileKey = _toFile(modelKey);
        if (fileKey is null) return null;

        string? back = ToModel(fileKey);
        if (back != modelKey)
        {
            throw new InvalidOperationException(
                $"Saving '{modelKey}': the KeyMap saves it as '{fileKey}', which it loads " +
                (back is null ? "as nothing (ignored)" : $"as '{back}'") + "; the map must invert.");
        }
        return fileKey;
    }

    /// <summary>Whether the file holds <paramref name="modelKey"/>'s tensor transposed.</summary>
    internal bool IsTransposed(string modelKey) => _transposed.Any(p => p.Match(modelKey) is not null);

    /// <summary>The rename whose pattern on the key's side matches it with the most specific pattern, or null.</summary>
    private MatchedRename? MostSpecific(string key, bool toModel)
    {
        MatchedRename? best = null;
        foreach (var (file, model) in _renames)
        {
            var (from, to) = toModel ? (file, model) : (model, file);
            if (from.Match(key) is not { } captures) continue;
            if (best is null || from.IsMoreSpecificThan(best.From))
                best = new MatchedRename(from, to, captures);
        }
        return best;
    }

    /// <summary>A rename that matched a key: what its pattern matched it with, and the pattern it maps to.</summary>
    private sealed record MatchedRename(KeyPattern From, KeyPattern To, string[] Captures)
    {
        public string Apply(string key) => To.Substitute(Captures, key.Substring(From.MatchedLength(key)));
    }

    /// <summary>A dotted key prefix with <c>*</c> for one segment.</summary>
    private sealed class KeyPattern
    {
        private readonly string[] _segments;

        private KeyPattern(string[] segments) => _segments = segments;

        public int Wildcards => _segments.Count(s => s == "*");

        public static KeyPattern Parse(string pattern)
            => new(pattern.Length == 0 ? Array.Empty<string>() : pattern.Split('.'));

        /// <summary>What each <c>*</c> matched, when the key's leading segments match; else null.</summary>
        public string[]? Match(string key)
        {
            var segments = key.Split('.');
            if (segments.Length < _segments.Length) return null;
            var captures = new List<string>();
            for (int i = 0; i < _segments.Length; i++)
            {
                if (_segments[i] == "*") captures.Add(segments[i]);
                else if (_segments[i] != segments[i]) return null;
            }
            return captures.ToArray();
        }

        /// <summary>The length of the key's text that the pattern's segments cover.</summary>
        public int MatchedLength(string key)
        {
            if (_segments.Length == 0) return 0;
            int length = -1;
            var segments = key.Split('.');
            for (int i = 0; i < _segments.Length; i++) length += segments[i].Length + 1;
            return length;
        }

        /// <summary>This prefix, its <c>*</c> filled with <paramref name="captures"/>, then <paramref name="rest"/>,
        /// the segments of the key after the prefix it matched.</summary>
        public string Substitute(string[] captures, string rest)
        {
            int next = 0;
            var segments = _segments.Select(s => s == "*" ? captures[next++] : s).ToList();
            if (rest.Length > 0) segments.Add(rest.TrimStart('.'));
            return string.Join(".", segments);
        }

        public bool IsMoreSpecificThan(KeyPattern other)
            => _segments.Length != other._segments.Length ? _segments.Length > other._segments.Length : Wildcards < other.Wildcards;
    }
}
