using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The entries of a checkpoint on disk, read through TorchSharp.PyBridge: their keys and shapes first, then each
/// tensor when it is loaded, so that a file is checked before the model changes.
/// </summary>
internal abstract class CheckpointFile : IDisposable
{
    /// <summary>The file's keys, in its own order (reading in that order reads the file front to back).</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>The shape of the tensor stored under <paramref name="key"/>.</summary>
    public abstract long[] Shape(string key);

    /// <summary>A new CPU tensor with the entry's values, in the file's dtype, for the caller to dispose.</summary>
    public abstract Tensor Read(string key);

    public abstract void Dispose();

    /// <summary>A file of <c>torch.save(model.state_dict())</c>. Its tensors are read when it opens: PyBridge's
    /// public unpickler reads them all.</summary>
    public static CheckpointFile OpenPyTorch(Stream stream, string path, bool leaveOpen) => new PyTorchFile(stream, path, leaveOpen);

    /// <summary>A <c>.safetensors</c> file, whose tensors are read one at a time.</summary>
    public static CheckpointFile OpenSafetensors(Stream stream, string path, bool leaveOpen) => new SafetensorsFile(stream, path, leaveOpen);

    /// <summary>A file opened by its extension: <c>.safetensors</c>, else PyTorch's zip format.</summary>
    public static CheckpointFile Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? OpenSafetensors(stream, path, leaveOpen: false)
                : OpenPyTorch(stream, path, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Hugging Face's sharded layout: an index (<c>model.safetensors.index.json</c>, or
    /// <c>pytorch_model.bin.index.json</c>) whose <c>weight_map</c> names each key's shard.</summary>
    public static CheckpointFile OpenSharded(string indexPath) => new ShardedFile(indexPath);

    private sealed class PyTorchFile : CheckpointFile
    {
        private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
        private readonly List<string> _keys = new();

        public PyTorchFile(Stream stream, string path, bool leaveOpen)
        {
            Hashtable entries;
            try
            {
                entries = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (!leaveOpen) stream.Dispose();
                throw new InvalidDataException($"{path} could not be read as a file of torch.save(state_dict): {e.Message}", e);
            }
            foreach (DictionaryEntry entry in entries)
            {
                if (entry.Value is not Tensor tensor)
                    throw new InvalidDataException($"{path}: the entry '{entry.Key}' is not a tensor; save the model's state_dict().");
                _tensors[(string)entry.Key] = tensor;
            }
            // The unpickler hands back a hash table: its order is not the file's, so keys are sorted to be the
            // same on every run.
            _keys.AddRange(_tensors.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        public override IReadOnlyList<string> Keys => _keys;

        public override long[] Shape(string key) => _tensors[key].shape;

        public override Tensor Read(string key) => _tensors[key].alias();

        public override void Dispose()
        {
            foreach (var tensor in _tensors.Values) tensor.Dispose();
            _tensors.Clear();
        }
    }

    private sealed class SafetensorsFile : CheckpointFile
    {
        private readonly Stream _stream;
        private readonly string _path;
        private readonly bool _leaveOpen;
        private readonly Dictionary<string, long[]> _shapes = new(StringComparer.Ordinal);
        private readonly List<string> _keys = new();

        public SafetensorsFile(Stream stream, string path, bool leaveOpen)
        {
            _stream = stream;
            _path = path;
            _leaveOpen = leaveOpen;
            SafetensorsHeader header;
            try
            {
                header = SafetensorsHeader.Read(stream, path);
            }
            catch
            {
                if (!leaveOpen) stream.Dispose();
                throw;
            }
            foreach (var (key, shape) in header.Tensors)
            {
                _shapes[key] = shape;
                _keys.Add(key);
            }
        }

        public override IReadOnlyList<string> Keys => _keys;

        public override long[] Shape(string key) => _shapes[key];

        public override Tensor Read(string key)
        {
            // PyBridge reads the entries it is asked for, from the start of the file.
            _stream.Position = 0;
            var read = Safetensors.LoadStateDict(_stream, leaveOpen: true, keysToKeep: new List<string> { key });
            return read.TryGetValue(key, out var tensor) ? tensor : throw new InvalidDataException($"{_path} has no tensor '{key}'.");
        }

        public override void Dispose()
        {
            if (!_leaveOpen) _stream.Dispose();
        }
    }

    private sealed class ShardedFile : CheckpointFile
    {
        private readonly string _folder;
        private readonly Dictionary<string, string> _shardOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CheckpointFile> _open = new(StringComparer.Ordinal);
        private readonly List<string> _keys;

        public ShardedFile(string indexPath)
        {
            _folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
            using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
            if (!document.RootElement.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{indexPath} has no weight_map object.");
            foreach (var entry in weightMap.EnumerateObject())
                _shardOf[entry.Name] = entry.Value.GetString() ?? throw new InvalidDataException($"{indexPath}: '{entry.Name}' names no shard.");

            // Shard by shard, each in its own order, so that every shard is read front to back once.
            _keys = _shardOf.Values.Distinct().OrderBy(s => s, StringComparer.Ordinal)
                .SelectMany(shard => Shard(shard).Keys.Where(k => _shardOf.TryGetValue(k, out var s) && s == shard))
                .ToList();
            var listed = new HashSet<string>(_keys, StringComparer.Ordinal);
            var absent = _shardOf.Keys.FirstOrDefault(k => !listed.Contains(k));
            if (absent is not null)
                throw new InvalidDataException($"{indexPath} puts '{absent}' in {_shardOf[absent]}, which does not hold it.");
        }

        public override IReadOnlyList<string> Keys => _keys;

        public override long[] Shape(string key) => Shard(_shardOf[key]).Shape(key);

        public override Tensor Read(string key) => Shard(_shardOf[key]).Read(key);

        private CheckpointFile Shard(string name)
        {
            if (!_open.TryGetValue(name, out var shard))
                _open[name] = shard = Open(Path.Combine(_folder, name));
            return shard;
        }

        public override void Dispose()
        {
            foreach (var shard in _open.Values) shard.Dispose();
            _open.Clear();
        }
    }
}
