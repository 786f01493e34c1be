using System;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Loads and saves PyTorch and Hugging Face checkpoint files (<c>torch.save(state_dict)</c> files and
/// <c>.safetensors</c>, sharded or not) so that every tie of the model holds, through TorchSharp.PyBridge.
/// </summary>
/// <remarks>
/// <para>
/// Loading follows <c>load_state_dict</c>: values are copied into the model's tensors and cast to their dtype (a
/// float16 or bfloat16 file loads into a float32 model and the other way round), and with <c>strict</c> every key
/// must match. A shared tensor loads from its owner's entry, or from an alias's entry when the file leaves the
/// owner out; PyTorch's files hold every tied key and Hugging Face's only one, and both load. When the file holds
/// entries for both and their values differ, loading fails with a message that names both keys and the group,
/// whatever <c>strict</c> says: loading either would silently drop the other. The file is checked before the model
/// changes.
/// </para>
/// <para>
/// PyBridge's own <c>load_py</c>, <c>load_safetensors</c> and <c>load_checkpoint</c> work from
/// <c>state_dict()</c>, which leaves aliases out, so on a model with <see cref="SharedAttribute"/> members they
/// refuse PyTorch's files or skip an alias's entry without checking it; the analyzers flag those calls (DECL027).
/// </para>
/// </remarks>
public static class PretrainedWeights
{
    /// <summary>Loads a file written by <c>torch.save(model.state_dict())</c>.</summary>
    /// <param name="model">The model, built with the checkpoint's sizes.</param>
    /// <param name="path">The <c>.pt</c>, <c>.pth</c> or <c>.bin</c> file.</param>
    /// <param name="strict">Whether every key of the model and of the file must match (the default, as in
    /// <c>load_state_dict</c>); if false, the matching entries load and the report lists the others.</param>
    /// <param name="keys">How the file's keys name the model's tensors, when they differ.</param>
    /// <returns>The model's keys the file lacked and the file's keys the model lacked.</returns>
    /// <exception cref="InvalidOperationException">Keys do not match (with <paramref name="strict"/>), shapes
    /// differ, or the file holds different values for two keys of one shared tensor.</exception>
    public static LoadReport LoadPyTorch(this nn.Module model, string path, bool strict = true, KeyMap? keys = null)
    {
        using var file = CheckpointFile.OpenPyTorch(File.OpenRead(path), path, leaveOpen: false);
        return CheckpointLoader.Load(model, file, path, strict, keys);
    }

    /// <inheritdoc cref="LoadPyTorch(nn.Module, string, bool, KeyMap?)"/>
    /// <param name="model">The model, built with the checkpoint's sizes.</param>
    /// <param name="stream">The file's contents; left open.</param>
    /// <param name="strict">Whether every key of the model and of the file must match.</param>
    /// <param name="keys">How the file's keys name the model's tensors, when they differ.</param>
    public static LoadReport LoadPyTorch(this nn.Module model, Stream stream, bool strict = true, KeyMap? keys = null)
    {
        using var file = CheckpointFile.OpenPyTorch(stream, "The checkpoint", leaveOpen: true);
        return CheckpointLoader.Load(model, file, "The checkpoint", strict, keys);
    }

    /// <summary>Loads a <c>.safetensors</c> file, one tensor at a time.</summary>
    /// <inheritdoc cref="LoadPyTorch(nn.Module, string, bool, KeyMap?)"/>
    public static LoadReport LoadSafetensors(this nn.Module model, string path, bool strict = true, KeyMap? keys = null)
    {
        using var file = CheckpointFile.OpenSafetensors(File.OpenRead(path), path, leaveOpen: false);
        return CheckpointLoader.Load(model, file, path, strict, keys);
    }

    /// <summary>Loads a <c>.safetensors</c> file, one tensor at a time.</summary>
    /// <inheritdoc cref="LoadPyTorch(nn.Module, string, bool, KeyMap?)"/>
    /// <param name="model">The model, built with the checkpoint's sizes.</param>
    /// <param name="stream">The file's contents, seekable; left open.</param>
    /// <param name="strict">Whether every key of the model and of the file must match.</param>
    /// <param name="keys">How the file's keys name the model's tensors, when they differ.</param>
    public static LoadReport LoadSafetensors(this nn.Module model, Stream stream, bool strict = true, KeyMap? keys = null)
    {
        if (!stream.CanSeek) throw new ArgumentException("A safetensors file is read one tensor at a time: the stream must be seekable.", nameof(stream));
        using var file = CheckpointFile.OpenSafetensors(stream, "The checkpoint", leaveOpen: true);
        return CheckpointLoader.Load(model, file, "The checkpoint", strict, keys);
    }

    /// <summary>
    /// Loads a checkpoint in Hugging Face's layout: <paramref name="path"/> is a folder holding
    /// <c>model.safetensors</c>, <c>model.safetensors.index.json</c> with its shards, <c>pytorch_model.bin</c> or
    /// <c>pytorch_model.bin.index.json</c> (the first found), or one such file.
    /// </summary>
    /// <inheritdoc cref="LoadPyTorch(nn.Module, string, bool, KeyMap?)"/>
    public static LoadReport LoadCheckpoint(this nn.Module model, string path, bool strict = true, KeyMap? keys = null)
    {
        string file = Directory.Exists(path) ? FindCheckpoint(path) : path;
        using var checkpoint = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? CheckpointFile.OpenSharded(file) : CheckpointFile.Open(file);
        return CheckpointLoader.Load(model, checkpoint, file, strict, keys);
    }

    /// <summary>
    /// Saves the model as <c>torch.save(model.state_dict())</c> saves its PyTorch twin: every key of a tie, so that
    /// PyTorch's <c>load_state_dict(torch.load(path), strict=True)</c> accepts it. A transposed member has no key,
    /// as in PyTorch, where the decoder reads <c>encoder.weight.t()</c>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="keys">The file's names for the model's tensors, when they differ (the map loading used).</param>
    public static void SavePyTorch(this nn.Module model, string path, KeyMap? keys = null)
    {
        using var stream = File.Create(path);
        CheckpointWriter.SavePyTorch(model, stream, keys);
    }

    /// <inheritdoc cref="SavePyTorch(nn.Module, string, KeyMap?)"/>
    /// <param name="model">The model.</param>
    /// <param name="stream">Where to write the file; left open.</param>
    /// <param name="keys">The file's names for the model's tensors, when they differ.</param>
    public static void SavePyTorch(this nn.Module model, Stream stream, KeyMap? keys = null)
        => CheckpointWriter.SavePyTorch(model, stream, keys);

    /// <summary>
    /// Saves the model as a <c>.safetensors</c> file in Hugging Face's convention: each shared tensor once, under
    /// its owner's key, and in the metadata (beside <c>format: pt</c>) each alias's key with the key that holds it.
    /// </summary>
    /// <inheritdoc cref="SavePyTorch(nn.Module, string, KeyMap?)"/>
    public static void SaveSafetensors(this nn.Module model, string path, KeyMap? keys = null)
        => CheckpointWriter.SaveSafetensors(model, path, keys);

    private static string FindCheckpoint(string folder)
    {
        string[] names = { "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json" };
        return names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{folder} holds none of {string.Join(", ", names)}.");
    }
}
