using System;
using System.IO;
using Declarative.Gallery.Systems.Pretrained;
using Declarative.Gallery.Systems.TiedEmbeddings;
using Xunit;
using static Declarative.Runtime.Tests.Pretrained.Fixtures;

namespace Declarative.Runtime.Tests.Pretrained;

/// <summary>Key maps for ports: renamed prefixes with wildcards, tables, functions, ignored keys; one map both ways.</summary>
public class KeyMapTests
{
    [Theory]
    [InlineData("transformer.wte.weight", "tokens.weight")]
    [InlineData("transformer.h.1.attn.c_attn.bias", "blocks.1.attention.queryKeyValue.bias")]
    [InlineData("transformer.h.0.mlp.c_proj.weight", "blocks.0.down.weight")]
    [InlineData("lm_head.weight", "head.weight")]
    [InlineData("transformer.h.0.attn.bias", null)]
    [InlineData("unknown.weight", "unknown.weight")]
    public void Gpt2_map_reads_hugging_faces_keys_as_the_gallerys(string fileKey, string? modelKey)
        => Assert.Equal(modelKey, Gpt2Keys.HuggingFace().ToModel(fileKey));

    [Theory]
    [InlineData("tokens.weight", "transformer.wte.weight")]
    [InlineData("blocks.1.attention.queryKeyValue.bias", "transformer.h.1.attn.c_attn.bias")]
    [InlineData("head.weight", "lm_head.weight")]
    public void The_same_map_saves_under_hugging_faces_keys(string modelKey, string fileKey)
        => Assert.Equal(fileKey, Gpt2Keys.HuggingFace().ToFile(modelKey));

    [Fact]
    public void Most_specific_rename_wins_in_both_directions_whatever_the_order()
    {
        var map = new KeyMap().Rename("model", "").Rename("model.lm_head", "head");

        Assert.Equal("layers.0.weight", map.ToModel("model.layers.0.weight"));
        Assert.Equal("head.weight", map.ToModel("model.lm_head.weight"));
        Assert.Equal("model.head2.weight", map.ToFile("head2.weight"));
        Assert.Equal("model.lm_head.weight", map.ToFile("head.weight"));
    }

    [Fact]
    public void Table_of_renames_maps_each_entry()
    {
        var map = new KeyMap().Rename(new System.Collections.Generic.Dictionary<string, string> { ["a.b"] = "x", ["c"] = "y.z" });

        Assert.Equal("x.weight", map.ToModel("a.b.weight"));
        Assert.Equal("c.bias", map.ToFile("y.z.bias"));
    }

    [Fact]
    public void Function_maps_keys_and_saving_needs_its_inverse()
    {
        var oneWay = new KeyMap().Map(k => k.Replace("gamma", "weight"));
        Assert.Equal("norm.weight", oneWay.ToModel("norm.gamma"));
        var error = Assert.Throws<InvalidOperationException>(() => oneWay.ToFile("norm.weight"));
        Assert.Equal("Saving 'norm.weight': this KeyMap maps keys by a function without an inverse. Give Map its toFile function to save with it.", error.Message);

        var twoWays = new KeyMap().Map(k => k.Replace("gamma", "weight"), k => k.Replace("weight", "gamma"));
        Assert.Equal("norm.gamma", twoWays.ToFile("norm.weight"));
    }

    [Fact]
    public void Map_that_does_not_invert_is_refused_when_saving()
    {
        var map = new KeyMap().Map(k => k.ToUpperInvariant(), k => k);

        var error = Assert.Throws<InvalidOperationException>(() => map.ToFile("norm.weight"));

        Assert.Equal("Saving 'norm.weight': the KeyMap saves it as 'norm.weight', which it loads as 'NORM.WEIGHT'; the map must invert.", error.Message);
    }

    [Fact]
    public void Rename_whose_sides_have_different_wildcards_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new KeyMap().Rename("h.*.attn", "attention"));
        Assert.StartsWith("Rename 'h.*.attn' -> 'attention': the two sides must have the same number of '*' (1 and 0).", error.Message);
    }

    [Fact]
    public void Hugging_face_gpt2_without_a_map_is_refused_listing_every_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TiedGpt2(Gpt2Sizes).LoadCheckpoint(Gpt2Folder));

        Assert.StartsWith($"{Path.Combine(Gpt2Folder, "model.safetensors")} does not match TiedGpt2: missing keys 'tokens.weight', 'positions.weight', ", error.Message);
        Assert.Contains("; unexpected keys 'transformer.h.0.attn.bias', ", error.Message);
        Assert.Contains(", 'transformer.wte.weight'. Map the file's keys to the model's with a KeyMap", error.Message);
    }

    [Fact]
    public void Key_that_a_map_misspells_is_named_with_the_closest_key_on_the_other_side()
    {
        var misspelt = new KeyMap().Rename("body", "boddy");

        var error = Assert.Throws<InvalidOperationException>(() => new PortedLanguageModel().LoadPyTorch(File("tied_lm.pt"), keys: misspelt));

        Assert.Equal(
            $"{File("tied_lm.pt")} does not match PortedLanguageModel: missing keys 'body.weight' (closest in the " +
            "file: 'body.weight'), 'body.bias' (closest in the file: 'body.bias'); unexpected keys 'body.bias' (read " +
            "as 'boddy.bias'; closest in the model: 'body.bias'), 'body.weight' (read as 'boddy.weight'; closest in the " +
            "model: 'body.weight'). Map the file's keys to the model's with a KeyMap, or load with strict: false to " +
            "load the entries that match.",
            error.Message);
    }

    [Fact]
    public void Two_file_keys_read_as_one_model_key_are_refused()
    {
        var map = new KeyMap().Rename("embed", "body").Rename("head", "body");

        var error = Assert.Throws<InvalidOperationException>(() => new PortedLanguageModel().LoadPyTorch(File("tied_lm.pt"), strict: false, keys: map));

        Assert.Contains("are read as 'body.weight'. Map one of them to another key, or ignore it.", error.Message);
    }
}
