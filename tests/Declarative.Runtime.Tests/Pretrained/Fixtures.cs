using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Declarative.Gallery.Systems.TiedEmbeddings;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Pretrained;

/// <summary>
/// The checkpoints and outputs that real PyTorch made (Fixtures/pytorch_reference.py), and that script run on
/// the files Declarative writes.
/// </summary>
public static class Fixtures
{
    /// <summary>Debian's system interpreter, which has python3-torch; another python3 on the PATH may not.</summary>
    public const string Python = "/usr/bin/python3";

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Pretrained", "Fixtures");

    /// <summary>The gallery's GPT-2 in Hugging Face's layout, copied here from samples/Gallery.</summary>
    public static string Gpt2Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Systems", "Pretrained", "Gpt2Checkpoint");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The sizes of the script's GPT-2.</summary>
    public static Gpt2Config Gpt2Sizes { get; } = new(Vocab: 40, Positions: 16, Width: 16, Layers: 2, Heads: 4);

    /// <summary>The fixed inputs and PyTorch's outputs for them, from a file the script wrote.</summary>
    public static (Tensor Inputs, Tensor Outputs) Outputs(string path)
    {
        var entries = PyTorchUnpickler.UnpickleStateDict(path);
        return ((Tensor)entries["inputs"]!, (Tensor)entries["outputs"]!);
    }

    /// <summary>The largest absolute difference between a model's outputs and PyTorch's, on PyTorch's inputs.</summary>
    public static double MaxDifference(nn.Module<Tensor, Tensor> model, string outputsPath)
    {
        var (inputs, expected) = Outputs(outputsPath);
        model.eval();
        using var _ = no_grad();
        return (model.call(inputs).to(float64) - expected.to(float64)).abs().max().item<double>();
    }

    /// <summary>Runs the reference script with PyTorch and returns the JSON line it prints.</summary>
    public static JsonElement RunPyTorch(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(File("pytorch_reference.py"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{Python} could not start ({e.Message}); install Debian's python3-torch, as .ci/run does.", e);
        }
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"PyTorch refused ({string.Join(" ", arguments)}):\n{error}");
        return JsonDocument.Parse(output.Trim()).RootElement;
    }

    public static bool SameStorage(Tensor a, Tensor b) => NativeStorage.Address(a) == NativeStorage.Address(b);

    public static bool Equal(Tensor a, Tensor b) => a.shape.AsSpan().SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>A folder for files a test writes, removed with the returned handle.</summary>
    public static TemporaryFolder NewFolder() => new();

    public sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "declarative-" + Guid.NewGuid().ToString("N"));

        public TemporaryFolder() => Directory.CreateDirectory(Path);

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
