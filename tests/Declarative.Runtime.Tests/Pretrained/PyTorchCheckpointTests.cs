using System;
using System.IO;
using TorchSharp;
using Xunit;
using static Declarative.Runtime.Tests.Pretrained.Fixtures;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Pretrained;

/// <summary>
/// Files of <c>torch.save(model.state_dict())</c> written by PyTorch 1.13 for its own tied models, which hold
/// every tied key, load into the Declarative ports with the rules of <c>load_state_dict</c>; a disagreeing pair is
/// refused whatever <c>strict</c> says.
/// </summary>
public class PyTorchCheckpointTests
{
    [Fact]
    public void Torch_save_file_holding_both_tied_keys_loads_strictly_and_gives_pytorchs_outputs()
    {
        var model = new PortedLanguageModel();

        var report = model.LoadPyTorch(File("tied_lm.pt"));

        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.True(MaxDifference(model, File("tied_lm.outputs.pt")) <= 1e-5);
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight), "the tie broke on load");
        Assert.Single(model.parameters(), p => p.shape[0] == PortedLanguageModel.Vocab);
    }

    [Fact]
    public void Entry_of_the_alias_alone_loads_into_the_owner()
    {
        var model = new PortedLanguageModel();

        model.LoadPyTorch(File("tied_lm.alias_only.pt"));

        Assert.True(MaxDifference(model, File("tied_lm.outputs.pt")) <= 1e-5);
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Disagreeing_tied_entries_are_refused_naming_both_keys_and_the_group_whatever_strict_says(bool strict)
    {
        var model = new PortedLanguageModel();
        var before = model.Embed.weight!.clone();

        var error = Assert.Throws<InvalidOperationException>(() => model.LoadPyTorch(File("tied_lm.disagreeing.pt"), strict));

        Assert.Equal(
            $"{File("tied_lm.disagreeing.pt")} holds different values for 'embed.weight' [24, 8] and 'head.weight' [24, 8], " +
            "which share group 'vocab' in PortedLanguageModel. Loading either would silently drop the other; make them " +
            "equal, or remove one of the entries.",
            error.Message);
        Assert.True(Equal(model.Embed.weight!, before), "a refused file changed the model");
    }

    [Fact]
    public void Transposed_tie_loads_from_pytorchs_file_which_has_no_key_for_the_decoder_weight()
    {
        var model = new PortedAutoencoder();

        var report = model.LoadPyTorch(File("tied_autoencoder.pt"));

        Assert.Empty(report.MissingKeys);
        Assert.True(MaxDifference(model, File("tied_autoencoder.outputs.pt")) <= 1e-5);
        Assert.True(Equal(model.Decoder.weight, model.Encoder.weight.t()));
    }

    [Fact]
    public void Decoder_weight_that_is_the_encoders_transpose_is_accepted_and_one_that_is_not_is_refused()
    {
        var model = new PortedAutoencoder();
        model.LoadPyTorch(File("tied_autoencoder.with_decoder.pt"));
        Assert.True(MaxDifference(model, File("tied_autoencoder.outputs.pt")) <= 1e-5);

        var error = Assert.Throws<InvalidOperationException>(() => new PortedAutoencoder().LoadPyTorch(File("tied_autoencoder.disagreeing.pt"), strict: false));
        Assert.Contains("'encoder.weight' [5, 12] and 'decoder.weight' [12, 5], which share group 'codec' in PortedAutoencoder (the second as the transpose of the first)", error.Message);
    }

    [Fact]
    public void Float16_file_loads_into_the_float32_model_cast_as_load_state_dict_casts()
    {
        var model = new PortedLanguageModel();

        model.LoadPyTorch(File("tied_lm.float16.pt"));

        Assert.Equal(ScalarType.Float32, model.Embed.weight!.dtype);
        var reference = new PortedLanguageModel();
        reference.LoadPyTorch(File("tied_lm.pt"));
        Assert.True(Equal(model.Embed.weight!, reference.Embed.weight!.half().to(float32)));
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight));
    }

    [Fact]
    public void Float32_file_loads_into_a_float16_model()
    {
        var model = new PortedLanguageModel();
        model.to(float16);

        model.LoadPyTorch(File("tied_lm.pt"));

        var reference = new PortedLanguageModel();
        reference.LoadPyTorch(File("tied_lm.pt"));
        Assert.Equal(ScalarType.Float16, model.Embed.weight!.dtype);
        Assert.True(Equal(model.Embed.weight!, reference.Embed.weight!.half()));
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight));
    }

    [Fact]
    public void Strict_load_refuses_missing_and_unexpected_keys_naming_each()
    {
        var model = new PortedAutoencoder();

        var error = Assert.Throws<InvalidOperationException>(() => model.LoadPyTorch(File("tied_lm.pt")));

        Assert.StartsWith($"{File("tied_lm.pt")} does not match PortedAutoencoder: missing keys 'encoder.weight' ", error.Message);
        foreach (var key in new[] { "'encoder.bias'", "'decoder.bias'", "; unexpected keys 'body.bias'", "'body.weight'", "'embed.weight'", "'head.weight'" })
            Assert.Contains(key, error.Message);
        Assert.EndsWith("Map the file's keys to the model's with a KeyMap, or load with strict: false to load the entries that match.", error.Message);
    }

    [Fact]
    public void Without_strict_the_matching_entries_load_and_the_report_names_the_others()
    {
        var model = new PortedLanguageModel();
        using var folder = NewFolder();
        var partial = new PortedAutoencoder();
        partial.SavePyTorch(folder.File("other.pt"));

        var report = model.LoadPyTorch(folder.File("other.pt"), strict: false);

        Assert.Equal(new[] { "embed.weight", "body.weight", "body.bias" }, report.MissingKeys);
        Assert.Equal(new[] { "decoder.bias", "encoder.bias", "encoder.weight" }, report.UnexpectedKeys);
    }

    [Fact]
    public void Shape_that_differs_from_the_models_is_refused_naming_the_key_and_both_shapes()
    {
        var model = new PortedLanguageModel();

        var error = Assert.Throws<InvalidOperationException>(() => model.LoadPyTorch(File("gpt2.pt"), strict: false, keys: new KeyMap().Rename("transformer.wte", "embed")));

        Assert.Equal($"{File("gpt2.pt")}: 'transformer.wte.weight' is read as [40, 16], but the model's 'embed.weight' is [24, 8].", error.Message);
    }

    [Fact]
    public void File_of_another_format_is_refused_naming_it()
    {
        var pt = Assert.Throws<InvalidDataException>(() => new PortedLanguageModel().LoadPyTorch(File("tied_lm.safetensors")));
        Assert.StartsWith($"{File("tied_lm.safetensors")} could not be read as a file of torch.save(state_dict): ", pt.Message);

        var safetensors = Assert.Throws<InvalidDataException>(() => new PortedLanguageModel().LoadSafetensors(File("tied_lm.pt")));
        Assert.StartsWith($"{File("tied_lm.pt")} is not a safetensors file: its header length is ", safetensors.Message);
    }

    [Fact]
    public void Stream_overload_reads_the_same_file_and_leaves_the_stream_open()
    {
        var model = new PortedLanguageModel();
        using var stream = System.IO.File.OpenRead(File("tied_lm.pt"));

        model.LoadPyTorch(stream);

        Assert.True(stream.CanRead);
        Assert.True(MaxDifference(model, File("tied_lm.outputs.pt")) <= 1e-5);
    }
}

/// <summary>A file whose two entries of one shared tensor differ is refused on every load path Declarative offers.</summary>
public class DisagreeingTieOnEveryLoadPathTests
{
    public static TheoryData<string, bool> Paths()
    {
        var data = new TheoryData<string, bool>();
        foreach (var path in new[] { "LoadPyTorch(path)", "LoadPyTorch(stream)", "LoadSafetensors(path)", "LoadSafetensors(stream)", "LoadCheckpoint(folder)", "load_state_dict", "load" })
        {
            data.Add(path, true);
            data.Add(path, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Disagreeing_tied_entries_are_refused(string path, bool strict)
    {
        var model = new PortedLanguageModel();
        var before = model.Embed.weight!.clone();
        using var folder = NewFolder();
        System.IO.File.Copy(File("tied_lm.disagreeing.safetensors"), folder.File("model.safetensors"));

        var error = Assert.Throws<InvalidOperationException>(() => Load(model, path, strict, folder));

        Assert.Contains("'embed.weight' [24, 8]", error.Message);
        Assert.Contains("'head.weight' [24, 8]", error.Message);
        Assert.Contains("share group 'vocab'", error.Message);
        Assert.True(Equal(model.Embed.weight!, before), "a refused file changed the model");
    }

    private static void Load(PortedLanguageModel model, string path, bool strict, TemporaryFolder folder)
    {
        switch (path)
        {
            case "LoadPyTorch(path)": model.LoadPyTorch(File("tied_lm.disagreeing.pt"), strict); break;
            case "LoadPyTorch(stream)":
                using (var stream = System.IO.File.OpenRead(File("tied_lm.disagreeing.pt"))) model.LoadPyTorch(stream, strict);
                break;
            case "LoadSafetensors(path)": model.LoadSafetensors(File("tied_lm.disagreeing.safetensors"), strict); break;
            case "LoadSafetensors(stream)":
                using (var stream = System.IO.File.OpenRead(File("tied_lm.disagreeing.safetensors"))) model.LoadSafetensors(stream, strict);
                break;
            case "LoadCheckpoint(folder)": model.LoadCheckpoint(folder.Path, strict); break;
            case "load_state_dict":
                var entries = TorchSharp.PyBridge.PyTorchUnpickler.UnpickleStateDict(File("tied_lm.disagreeing.pt"));
                var state = new System.Collections.Generic.Dictionary<string, Tensor>();
                foreach (System.Collections.DictionaryEntry entry in entries) state[(string)entry.Key] = (Tensor)entry.Value!;
                model.load_state_dict(state, strict);
                break;
            case "load":
                var untied = new Models.UntiedLanguageModel(PortedLanguageModel.Vocab, PortedLanguageModel.Dim);
                untied.load_state_dict(LoadedState(), strict: true);
                var saved = new MemoryStream();
                untied.save(saved);   // closes the stream; its bytes stay readable
                model.load(new MemoryStream(saved.ToArray()), strict);
                break;
            default: throw new ArgumentException(path);
        }
    }

    /// <summary>The disagreeing file's embedding and head, under the untied model's keys.</summary>
    private static System.Collections.Generic.Dictionary<string, Tensor> LoadedState()
    {
        var entries = TorchSharp.PyBridge.PyTorchUnpickler.UnpickleStateDict(File("tied_lm.disagreeing.pt"));
        return new() { ["embed.weight"] = (Tensor)entries["embed.weight"]!, ["head.weight"] = (Tensor)entries["head.weight"]! };
    }
}
