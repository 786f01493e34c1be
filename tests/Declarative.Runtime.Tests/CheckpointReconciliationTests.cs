using System;
using System.Collections.Generic;
using System.IO;
using Declarative.Runtime.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// Checkpoints of the untied model hold an entry per alias. They load into the shared model when the entries agree,
/// and fail with a message naming both keys when they do not: never "last key wins".
/// </summary>
public class CheckpointReconciliationTests
{
    private static UntiedLanguageModel Untied(bool agree)
    {
        manual_seed(5);
        var untied = new UntiedLanguageModel(11, 5);
        if (agree)
        {
            using var _ = no_grad();
            untied.Head.weight.copy_(untied.Embed.weight!);
        }
        return untied;
    }

    [Fact]
    public void Untied_state_dict_whose_entries_agree_loads_and_stays_tied()
    {
        var untied = Untied(agree: true);
        var tied = new TiedLanguageModel(11, 5);

        tied.load_state_dict(untied.state_dict());

        Assert.True(tied.Embed.weight!.eq(untied.Embed.weight!).all().item<bool>());
        Assert.Equal(NativeStorage.Address(tied.Embed.weight!), NativeStorage.Address(tied.Head.weight));
    }

    [Fact]
    public void Untied_state_dict_whose_entries_differ_is_refused_naming_both_keys()
    {
        var untied = Untied(agree: false);
        var tied = new TiedLanguageModel(11, 5);
        var before = tied.Embed.weight!.clone();

        var error = Assert.Throws<InvalidOperationException>(() => tied.load_state_dict(untied.state_dict()));

        Assert.Contains("'embed.weight' [11, 5]", error.Message);
        Assert.Contains("'head.weight' [11, 5]", error.Message);
        Assert.Contains("'vocab'", error.Message);
        Assert.True(tied.Embed.weight!.eq(before).all().item<bool>(), "a refused checkpoint changed the model");
    }

    [Fact]
    public void Untied_file_whose_entries_agree_loads_and_one_whose_entries_differ_is_refused()
    {
        byte[] Save(UntiedLanguageModel model)
        {
            using var stream = new MemoryStream();
            model.save(stream);
            return stream.ToArray();
        }

        var agreeing = Untied(agree: true);
        var tied = new TiedLanguageModel(11, 5);
        tied.load(new MemoryStream(Save(agreeing)));
        Assert.True(tied.Head.weight.eq(agreeing.Head.weight).all().item<bool>());
        Assert.Equal(NativeStorage.Address(tied.Embed.weight!), NativeStorage.Address(tied.Head.weight));

        var differing = Untied(agree: false);
        var error = Assert.Throws<InvalidOperationException>(() => new TiedLanguageModel(11, 5).load(new MemoryStream(Save(differing))));
        Assert.Contains("'head.weight'", error.Message);
    }

    [Fact]
    public void Entry_for_the_alias_alone_is_loaded_into_the_owner()
    {
        var source = new UntiedLanguageModel(11, 5);
        var tied = new TiedLanguageModel(11, 5);

        tied.load_state_dict(new Dictionary<string, Tensor> { ["head.weight"] = source.Head.weight });

        Assert.True(tied.Embed.weight!.eq(source.Head.weight).all().item<bool>());
        Assert.True(tied.Head.weight.eq(source.Head.weight).all().item<bool>());
    }

    [Fact]
    public void Transposed_alias_entry_is_compared_as_the_transpose_of_the_owner()
    {
        var model = new TiedAutoencoder(6, 3);
        var encoder = randn(3, 6);
        var agreeing = new Dictionary<string, Tensor>(model.state_dict())
        {
            ["encoder.weight"] = encoder,
            ["decoder.weight"] = encoder.t().contiguous(),
        };
        model.load_state_dict(agreeing);
        Assert.True(model.Decoder.weight.eq(encoder.t()).all().item<bool>());

        var differing = new Dictionary<string, Tensor>(agreeing) { ["decoder.weight"] = randn(6, 3) };
        var error = Assert.Throws<InvalidOperationException>(() => model.load_state_dict(differing));
        Assert.Contains("transpose", error.Message);
    }
}
