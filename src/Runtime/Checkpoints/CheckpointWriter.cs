using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Writes a model's tensors in the convention of the world that reads them, through TorchSharp.PyBridge:
/// PyTorch's (every tied key, as <c>state_dict()</c> lists them there) or Hugging Face's (each shared tensor once,
/// under its owner's key, with metadata naming the keys it stands for).
/// </summary>
internal static class CheckpointWriter
{
    public static void SavePyTorch(nn.Module model, Stream stream, KeyMap? keys)
    {
        using var scope = NewDisposeScope();
        keys ??= new KeyMap();
        var state = model.state_dict();
        var entries = Entries(state, keys);

        // PyTorch's own model lists every alias of a plain tie too (head.weight beside embed.weight), so a strict
        // load_state_dict there needs the key. A transposed tie has none: PyTorch's decoder reads enc.weight.t().
        foreach (var (tie, aliasKey) in SavedAliases(model, keys, entries).Where(t => !t.Tie.Transpose))
            entries[aliasKey] = FileLayout(keys, tie.Alias, state[tie.Owner]);

        PyTorchPickler.PickleStateDict(stream, entries, leaveOpen: true);
    }

    public static void SaveSafetensors(nn.Module model, string path, KeyMap? keys)
    {
        using var scope = NewDisposeScope();
        keys ??= new KeyMap();
        var entries = Entries(model.state_dict(), keys);

        // As huggingface_hub and safetensors' save_model write a model whose tensors are shared: the tensor once,
        // and a metadata entry from each key left out to the key that holds it.
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        foreach (var (tie, aliasKey) in SavedAliases(model, keys, entries).Where(t => !t.Tie.Transpose))
            metadata[aliasKey] = keys.ToFile(tie.Owner)!;

        // PyBridge writes no metadata: it writes the tensors to a file beside the target, whose header is then
        // written again with the metadata and the data copied after it.
        string written = path + ".partial";
        try
        {
            using (var stream = File.Create(written))
                Safetensors.SaveStateDict(stream, entries, leaveOpen: false);
            SafetensorsHeader.CopyWithMetadata(written, path, metadata);
        }
        finally
        {
            File.Delete(written);
        }
    }

    /// <summary>The model's tensors under the file's keys, in the file's layout, contiguous on the CPU.</summary>
    private static Dictionary<string, Tensor> Entries(Dictionary<string, Tensor> state, KeyMap keys)
    {
        var entries = new Dictionary<string, Tensor>();
        foreach (var (key, value) in state)
        {
            if (keys.ToFile(key) is { } fileKey)
                entries[fileKey] = FileLayout(keys, key, value);
        }
        return entries;
    }

    private static Tensor FileLayout(KeyMap keys, string modelKey, Tensor value)
        => (keys.IsTransposed(modelKey) && value.dim() == 2 ? value.t() : value).detach().cpu().contiguous();

    /// <summary>The aliases whose owner is saved, each with the file key it has.</summary>
    private static IEnumerable<(TiedKey Tie, string FileKey)> SavedAliases(nn.Module model, KeyMap keys, Dictionary<string, Tensor> entries)
    {
        foreach (var tie in TiedKey.Of(model))
        {
            if (keys.ToFile(tie.Owner) is { } owner && entries.ContainsKey(owner) && keys.ToFile(tie.Alias) is { } alias)
                yield return (tie, alias);
        }
    }
}
