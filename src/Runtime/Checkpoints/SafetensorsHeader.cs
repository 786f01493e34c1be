using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative;

/// <summary>
/// The header of a safetensors file: an 8-byte little-endian length, then JSON that gives each tensor's dtype,
/// shape and byte range, and an optional <c>__metadata__</c> object of strings.
/// </summary>
/// <remarks>
/// TorchSharp.PyBridge reads and writes the tensors; it keeps its own header reader internal and writes no
/// metadata. Declarative reads the header for the list of keys and shapes (to check a file before loading it, and
/// to load one tensor at a time) and rewrites it to add the metadata that says which keys a shared tensor stands
/// for, as Hugging Face's writers do.
/// </remarks>
internal sealed class SafetensorsHeader
{
    private SafetensorsHeader(IReadOnlyList<(string Key, long[] Shape)> tensors, IReadOnlyDictionary<string, string> metadata, long size)
    {
        Tensors = tensors;
        Metadata = metadata;
        Size = size;
    }

    /// <summary>Each tensor's key and shape, in the header's order.</summary>
    public IReadOnlyList<(string Key, long[] Shape)> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries (Hugging Face writes <c>format: pt</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The header's size in bytes, its 8-byte length included: where the tensors' data starts.</summary>
    public long Size { get; }

    public static SafetensorsHeader Read(Stream stream, string path)
    {
        var json = ReadJson(stream, path);
        var tensors = new List<(string, long[])>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in json)
        {
            if (key == "__metadata__")
            {
                foreach (var (name, text) in value!.AsObject())
                    metadata[name] = text!.GetValue<string>();
                continue;
            }
            var shape = value?["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray()
                ?? throw new InvalidDataException($"{path}: the header's entry '{key}' has no shape.");
            tensors.Add((key, shape));
        }
        return new SafetensorsHeader(tensors, metadata, stream.Position);
    }

    /// <summary>
    /// Copies the safetensors file <paramref name="source"/> to <paramref name="destination"/> with
    /// <paramref name="metadata"/> as its <c>__metadata__</c>. The byte ranges in the header are relative to the
    /// data, so they stay as they are; the header is padded with spaces to a multiple of 8 bytes, as the format
    /// recommends for aligned reads.
    /// </summary>
    public static void CopyWithMetadata(string source, string destination, IReadOnlyDictionary<string, string> metadata)
    {
        using var input = File.OpenRead(source);
        var json = ReadJson(input, source);

        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(m => new KeyValuePair<string, JsonNode?>(m.Key, m.Value))) };
        foreach (var (key, value) in json.ToList())
        {
            if (key == "__metadata__") continue;
            json.Remove(key);
            header[key] = value;
        }
        var text = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - text.Length % 8) % 8;

        using var output = File.Create(destination);
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((ulong)(text.Length + padding));
            writer.Write(text);
            for (int i = 0; i < padding; i++) writer.Write((byte)' ');
        }
        input.CopyTo(output);
    }

    private static JsonObject ReadJson(Stream stream, string path)
    {
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length > int.MaxValue || (long)length > stream.Length - 8)
            throw new InvalidDataException($"{path} is not a safetensors file: its header length is {length} bytes.");
        var text = new byte[(int)length];
        stream.ReadExactly(text);
        return JsonNode.Parse(text) as JsonObject
            ?? throw new InvalidDataException($"{path} is not a safetensors file: its header is not a JSON object.");
    }
}
