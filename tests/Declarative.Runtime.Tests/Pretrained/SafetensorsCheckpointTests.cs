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
/// Hugging Face's convention: a shared tensor once, under the owner's key, in <c>.safetensors</c> files, sharded
/// or not; files written by the fixture script to the format's specification, with PyTorch's outputs.
/// </summary>
public class SafetensorsCheckpointTests
{
    private static TiedGpt2 NewGpt2() => new(Gpt2Sizes);

    [Fact]
    public void Hugging_face_file_without_the_alias_key_loads_and_gives_pytorchs_outputs()
    {
        var model = new PortedLanguageModel();

        var report = model.LoadSafetensors(File("tied_lm.safetensors"));

        Assert.Empty(report.MissingKeys);
        Assert.True(MaxDifference(model, File("tied_lm.outputs.pt")) <= 1e-5);
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight));
    }

    [Fact]
    public void Stream_overload_reads_the_file_and_leaves_the_stream_open()
    {
        var model = new PortedLanguageModel();
        using var stream = System.IO.File.OpenRead(File("tied_lm.safetensors"));

        model.LoadSafetensors(stream);

        Assert.True(stream.CanRead);
        Assert.True(MaxDifference(model, File("tied_lm.outputs.pt")) <= 1e-5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Disagreeing_tied_entries_in_a_safetensors_file_are_refused_whatever_strict_says(bool strict)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PortedLanguageModel().LoadSafetensors(File("tied_lm.disagreeing.safetensors"), strict));

        Assert.Contains("'embed.weight' [24, 8] and 'head.weight' [24, 8], which share group 'vocab'", error.Message);
    }

    [Fact]
    public void Bfloat16_file_loads_into_the_float32_model()
    {
        var model = new PortedLanguageModel();

        model.LoadSafetensors(File("tied_lm.bfloat16.safetensors"));

        var reference = new PortedLanguageModel();
        reference.LoadPyTorch(File("tied_lm.pt"));
        Assert.Equal(ScalarType.Float32, model.Embed.weight!.dtype);
        Assert.True(Equal(model.Embed.weight!, reference.Embed.weight!.to(bfloat16).to(float32)));
    }

    [Fact]
    public void Hugging_face_gpt2_loads_through_a_key_map_and_gives_pytorchs_logits()
    {
        var model = NewGpt2();

        var report = model.LoadCheckpoint(Gpt2Folder, keys: Gpt2Keys.HuggingFace());

        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.True(MaxDifference(model, Path.Combine(Gpt2Folder, "pytorch_outputs.pt")) <= 1e-5);
        Assert.True(SameStorage(model.Tokens.Weight, model.Head.weight));
    }

    [Fact]
    public void Float16_gpt2_loads_into_the_float32_model_and_gives_pytorchs_logits_for_the_same_weights()
    {
        var model = NewGpt2();

        model.LoadSafetensors(File("gpt2.float16.safetensors"), keys: Gpt2Keys.HuggingFace());

        Assert.Equal(ScalarType.Float32, model.Tokens.Weight.dtype);
        Assert.True(MaxDifference(model, File("gpt2.float16.outputs.pt")) <= 1e-5);
    }

    [Fact]
    public void Sharded_layout_loads_through_its_index()
    {
        var model = NewGpt2();

        model.LoadCheckpoint(Path.Combine(Folder, "gpt2-sharded"), keys: Gpt2Keys.HuggingFace());

        Assert.True(MaxDifference(model, Path.Combine(Gpt2Folder, "pytorch_outputs.pt")) <= 1e-5);
        Assert.True(SameStorage(model.Tokens.Weight, model.Head.weight));
    }

    [Fact]
    public void Pytorch_file_of_gpt2_with_both_tied_keys_loads_through_the_same_map()
    {
        var model = NewGpt2();

        model.LoadPyTorch(File("gpt2.pt"), keys: Gpt2Keys.HuggingFace());

        Assert.True(MaxDifference(model, Path.Combine(Gpt2Folder, "pytorch_outputs.pt")) <= 1e-5);
    }

    [Fact]
    public void Saved_file_holds_each_shared_tensor_once_under_the_owners_key_with_metadata_naming_the_alias()
    {
        var model = new PortedLanguageModel();
        model.LoadPyTorch(File("tied_lm.pt"));
        using var folder = NewFolder();

        model.SaveSafetensors(folder.File("model.safetensors"));

        using var stream = System.IO.File.OpenRead(folder.File("model.safetensors"));
        var header = SafetensorsHeader.Read(stream, "model.safetensors");
        Assert.Equal(new[] { "embed.weight", "body.weight", "body.bias" }, header.Tensors.Select(t => t.Key));
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal("embed.weight", header.Metadata["head.weight"]);
        Assert.Equal(0, header.Size % 8);

        var reloaded = new PortedLanguageModel();
        reloaded.LoadSafetensors(folder.File("model.safetensors"));
        Assert.True(MaxDifference(reloaded, File("tied_lm.outputs.pt")) <= 1e-5);
    }

    [Fact]
    public void Saving_through_the_key_map_writes_hugging_faces_names_and_layout_back()
    {
        var model = NewGpt2();
        model.LoadCheckpoint(Gpt2Folder, keys: Gpt2Keys.HuggingFace());
        using var folder = NewFolder();

        model.SaveSafetensors(folder.File("model.safetensors"), Gpt2Keys.HuggingFace());

        using var saved = CheckpointFile.Open(folder.File("model.safetensors"));
        using var original = CheckpointFile.Open(Path.Combine(Gpt2Folder, "model.safetensors"));
        var expectedKeys = original.Keys.Where(k => !k.EndsWith(".attn.bias", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal);
        Assert.Equal(expectedKeys, saved.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var key in saved.Keys)
        {
            using var a = saved.Read(key);
            using var b = original.Read(key);
            Assert.True(Equal(a, b), $"'{key}' changed in the round trip");
        }
    }
}
