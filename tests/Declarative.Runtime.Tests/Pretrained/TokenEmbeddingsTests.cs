using System;
using System.Linq;
using Declarative.Gallery.Systems.Pretrained;
using Declarative.Gallery.Systems.TiedEmbeddings;
using TorchSharp;
using Xunit;
using static Declarative.Runtime.Tests.Pretrained.Fixtures;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Pretrained;

/// <summary>
/// Resizing a tied vocabulary, as Hugging Face's <c>resize_token_embeddings</c>: embedding and head change together,
/// old rows kept, new rows next to the old rows' mean (or the model's own initializer), and the tie kept.
/// </summary>
public class TokenEmbeddingsTests
{
    private static PortedLanguageModel Loaded()
    {
        var model = new PortedLanguageModel();
        model.LoadPyTorch(File("tied_lm.pt"));
        return model;
    }

    [Fact]
    public void Growing_keeps_the_old_rows_draws_new_ones_at_the_mean_and_keeps_one_tensor()
    {
        var model = Loaded();
        var old = model.Embed.weight!.clone();

        model.ResizeTokenEmbeddings("vocab", 27);

        var rows = model.Embed.weight!;
        Assert.Equal(new long[] { 27, 8 }, rows.shape);
        Assert.True(Equal(rows[..24], old));
        var mean = old.mean(new long[] { 0 });
        // Hugging Face's default scales the old rows' covariance by 1e-9: new rows sit at the mean, not on it.
        double spread = (rows[24..] - mean).abs().max().item<float>();
        Assert.InRange(spread, 1e-9, 1e-3);
        Assert.True(SameStorage(rows, model.Head.weight), "the head is no longer the embedding");
        Assert.Equal(new long[] { 2, 4, 27 }, model.call(tensor(new long[,] { { 1, 2, 25, 26 }, { 0, 3, 5, 7 } })).shape);
        Assert.Single(model.parameters(), p => p.shape.SequenceEqual(new long[] { 27, 8 }));
    }

    [Fact]
    public void Optimizer_created_after_resizing_updates_the_shared_rows_once_with_both_uses_gradients()
    {
        var model = Loaded();
        model.ResizeTokenEmbeddings("vocab", 26);
        var before = model.Embed.weight!.clone();
        var optimizer = optim.SGD(model.parameters(), 0.1);

        model.call(tensor(new long[,] { { 25, 1 } })).sum().backward();
        var gradient = model.Embed.weight!.grad!.clone();
        optimizer.step();

        Assert.True((model.Embed.weight! - (before - 0.1 * gradient)).abs().max().item<float>() < 1e-6);
        Assert.True(gradient[25].abs().sum().item<float>() > 0, "the new row got no gradient from the lookup and the head");
    }

    [Fact]
    public void Model_initializer_fills_new_rows_on_request()
    {
        var model = Loaded();

        model.ResizeTokenEmbeddings("vocab", 26, rows => rows.fill_(0.5f));

        Assert.True(model.Embed.weight![24..].eq(0.5f).all().item<bool>());
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight));
    }

    [Fact]
    public void Shrinking_keeps_the_first_rows()
    {
        var model = Loaded();
        var old = model.Embed.weight!.clone();

        model.ResizeTokenEmbeddings("vocab", 20);

        Assert.True(Equal(model.Embed.weight!, old[..20]));
        Assert.True(SameStorage(model.Embed.weight!, model.Head.weight));
    }

    [Fact]
    public void Transposed_member_follows_and_a_bias_of_the_resized_length_grows_with_zeros()
    {
        var model = new PortedAutoencoder();
        model.LoadPyTorch(File("tied_autoencoder.pt"));
        var bias = model.Encoder.bias!.clone();

        model.ResizeTokenEmbeddings("codec", 7);

        Assert.Equal(new long[] { 7, 12 }, model.Encoder.weight.shape);
        Assert.True(Equal(model.Decoder.weight, model.Encoder.weight.t()));
        Assert.True(Equal(model.Encoder.bias!, cat(new[] { bias, zeros(2) })));
        Assert.Equal(new long[] { 12 }, model.Decoder.bias!.shape);
        Assert.Equal(new long[] { 3, 12 }, model.call(randn(3, 12)).shape);
    }

    [Fact]
    public void Gallery_gpt2_grows_and_the_tie_survives_a_move_and_a_save()
    {
        var model = new TiedGpt2(Gpt2Sizes);
        model.LoadCheckpoint(Gpt2Folder, keys: Gpt2Keys.HuggingFace());

        model.ResizeTokenEmbeddings("vocab", 43);
        model.to(float64);

        Assert.True(SameStorage(model.Tokens.Weight, model.Head.weight));
        using var folder = NewFolder();
        model.SaveSafetensors(folder.File("model.safetensors"), Gpt2Keys.HuggingFace());
        var reloaded = new TiedGpt2(Gpt2Sizes with { Vocab = 43 });
        reloaded.LoadSafetensors(folder.File("model.safetensors"), keys: Gpt2Keys.HuggingFace());
        Assert.True(Equal(reloaded.Tokens.Weight, model.Tokens.Weight.to(float32)));
    }

    [Fact]
    public void Unknown_group_is_refused_naming_the_groups_there_are()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PortedLanguageModel().ResizeTokenEmbeddings("tokens", 30));

        Assert.Equal("PortedLanguageModel has no shared group 'tokens' (it has: 'vocab').", error.Message);
    }
}
