using System;
using System.IO;
using System.Linq;
using Declarative.Gallery.Systems.Pretrained;
using Declarative.Gallery.Systems.TiedEmbeddings;
using Xunit;
using static Declarative.Runtime.Tests.Pretrained.Fixtures;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Pretrained;

/// <summary>
/// Files Declarative writes, read by real PyTorch (Debian's python3-torch, 1.13): <c>.pt</c> files load into
/// PyTorch's own tied models with <c>load_state_dict(strict=True)</c> and give the same outputs, and come back
/// with their values and ties; <c>.safetensors</c> files meet the format's specification.
/// </summary>
public class PyTorchInteropTests
{
    [Fact]
    public void Saved_pt_file_loads_strictly_into_pytorchs_tied_language_model_and_round_trips()
    {
        var model = new PortedLanguageModel();
        model.LoadPyTorch(File("tied_lm.pt"));
        TrainOneStep(model, randint(0, PortedLanguageModel.Vocab, new long[] { 2, 4 }));
        using var folder = NewFolder();
        model.SavePyTorch(folder.File("declarative.pt"));

        var pytorch = RunPyTorch("check-pt", "tied_lm", folder.File("declarative.pt"), folder.File("pytorch.pt"));

        Assert.Equal(new[] { "body.bias", "body.weight", "embed.weight", "head.weight" }, pytorch.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.True(pytorch.GetProperty("tied").GetBoolean());
        Assert.True(MaxDifference(model, folder.File("pytorch.pt.outputs.pt")) <= 1e-5, "PyTorch computes other outputs from Declarative's file");

        var back = new PortedLanguageModel();
        back.LoadPyTorch(folder.File("pytorch.pt"));
        Assert.True(Equal(back.Embed.weight!, model.Embed.weight!));
        Assert.True(SameStorage(back.Embed.weight!, back.Head.weight));
    }

    [Fact]
    public void Saved_pt_file_of_the_tied_autoencoder_has_no_decoder_weight_and_loads_strictly_in_pytorch()
    {
        var model = new PortedAutoencoder();
        model.LoadPyTorch(File("tied_autoencoder.pt"));
        TrainOneStep(model, randn(3, PortedAutoencoder.Input));
        using var folder = NewFolder();
        model.SavePyTorch(folder.File("declarative.pt"));

        var pytorch = RunPyTorch("check-pt", "tied_autoencoder", folder.File("declarative.pt"), folder.File("pytorch.pt"));

        Assert.Equal(new[] { "decoder.bias", "encoder.bias", "encoder.weight" }, pytorch.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.True(MaxDifference(model, folder.File("pytorch.pt.outputs.pt")) <= 1e-5);

        var back = new PortedAutoencoder();
        back.LoadPyTorch(folder.File("pytorch.pt"));
        Assert.True(Equal(back.Encoder.weight, model.Encoder.weight));
        Assert.True(Equal(back.Decoder.weight, back.Encoder.weight.t()));
    }

    [Fact]
    public void Gpt2_saved_through_the_key_map_loads_strictly_into_hugging_faces_layout_in_pytorch()
    {
        var model = new TiedGpt2(Gpt2Sizes);
        model.LoadCheckpoint(Gpt2Folder, keys: Gpt2Keys.HuggingFace());
        using var folder = NewFolder();
        // The causal masks that the map ignores are PyTorch's buffers: PyTorch's own model makes them.
        model.SavePyTorch(folder.File("declarative.pt"), Gpt2Keys.HuggingFace());

        var pytorch = RunPyTorch("check-pt", "gpt2-without-masks", folder.File("declarative.pt"));

        Assert.True(pytorch.GetProperty("tied").GetBoolean());
        Assert.True(pytorch.GetProperty("max_difference").GetDouble() <= 1e-5);
    }

    [Fact]
    public void Saved_safetensors_file_meets_the_specification_with_the_tied_tensor_once_and_metadata()
    {
        var model = new PortedLanguageModel();
        model.LoadPyTorch(File("tied_lm.pt"));
        using var folder = NewFolder();
        model.SaveSafetensors(folder.File("model.safetensors"));

        var file = RunPyTorch("check-safetensors", folder.File("model.safetensors"));

        var tensors = file.GetProperty("tensors");
        Assert.Equal(new[] { "body.bias", "body.weight", "embed.weight" }, tensors.EnumerateObject().Select(t => t.Name));
        Assert.Equal("[24, 8]", tensors.GetProperty("embed.weight").GetProperty("shape").GetRawText());
        Assert.Equal(model.Embed.weight!.to(float64).sum().item<double>(), tensors.GetProperty("embed.weight").GetProperty("sum").GetDouble(), 9);
        Assert.Equal("pt", file.GetProperty("metadata").GetProperty("format").GetString());
        Assert.Equal("embed.weight", file.GetProperty("metadata").GetProperty("head.weight").GetString());
    }

    private static void TrainOneStep(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var optimizer = optim.SGD(model.parameters(), 0.1);
        model.call(input).square().mean().backward();
        optimizer.step();
    }
}
