using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Albert;

/// <summary>The sizes of an ALBERT encoder.</summary>
/// <param name="Vocab">Word pieces.</param>
/// <param name="Positions">Longest sequence.</param>
/// <param name="TokenTypes">Segments (A and B).</param>
/// <param name="EmbeddingSize">E: the width of the embedding tables, projected to <paramref name="Hidden"/>.</param>
/// <param name="Hidden">H: the width of the transformer layers.</param>
/// <param name="Layers">L: the number of transformer layers.</param>
/// <param name="Heads">Attention heads per layer.</param>
/// <param name="FeedForward">The inner width of each layer's feed-forward network.</param>
public sealed record AlbertConfig(long Vocab, long Positions, long TokenTypes, long EmbeddingSize, long Hidden, int Layers, int Heads, long FeedForward)
{
    /// <summary>ALBERT-base (Lan et al. 2020, Table 1): vocabulary 30,000, 512 positions, H = 768, L = 12, 12 heads, FFN 4H.</summary>
    public static AlbertConfig Base(long embeddingSize) => new(30_000, 512, 2, embeddingSize, 768, 12, 12, 3_072);
}

/// <summary>The four parameter-sharing strategies of the ALBERT paper's ablation (Table 4).</summary>
public enum AlbertSharing
{
    AllShared,
    SharedAttention,
    SharedFfn,
    NotShared,
}

/// <summary>
/// An ALBERT encoder: factorized embeddings (tables of width E, projected to H), L post-norm transformer layers,
/// and a tanh pooler over the first position. What the layers share is declared by the subclasses, each of which
/// only declares its <c>layers</c> field with its own <see cref="SharedAttribute"/>s.
/// </summary>
/// <remarks>No dropout: the sample trains on a small synthetic task, and the counts do not depend on it.</remarks>
public abstract class AlbertEncoder : Module<Tensor, Tensor, Tensor>
{
    private readonly AlbertEmbeddings embeddings;
    private readonly Linear pooler;

    protected AlbertEncoder(string name, AlbertConfig config, Device? device) : base(name)
    {
        embeddings = new AlbertEmbeddings(config, device);
        pooler = Linear(config.Hidden, config.Hidden, device: device);
    }

    /// <summary>The transformer layers, in order (aliases included: an all-shared encoder still has L of them).</summary>
    public abstract IList<AlbertLayer> Layers { get; }

    /// <summary>Builds the encoder whose layers share as <paramref name="sharing"/> says.</summary>
    public static AlbertEncoder Create(AlbertSharing sharing, AlbertConfig config, Device? device = null) => sharing switch
    {
        AlbertSharing.AllShared => new AlbertAllShared(config, device),
        AlbertSharing.SharedAttention => new AlbertSharedAttention(config, device),
        AlbertSharing.SharedFfn => new AlbertSharedFfn(config, device),
        AlbertSharing.NotShared => new AlbertNotShared(config, device),
        _ => throw new ArgumentOutOfRangeException(nameof(sharing), sharing, "Not one of the paper's four strategies."),
    };

    /// <summary>L separate layers; the subclass's attributes decide what they share.</summary>
    protected static ModuleList<AlbertLayer> NewLayers(AlbertConfig config, Device? device)
    {
        var layers = new ModuleList<AlbertLayer>();
        for (int i = 0; i < config.Layers; i++)
            layers.Add(new AlbertLayer(config, device));
        return layers;
    }

    /// <summary>The pooled representation of each sequence: [batch, H].</summary>
    /// <param name="tokens">[batch, length] word-piece ids.</param>
    /// <param name="tokenTypes">[batch, length] segment ids.</param>
    public override Tensor forward(Tensor tokens, Tensor tokenTypes)
    {
        var hidden = embeddings.call(tokens, tokenTypes);
        foreach (var layer in Layers)
            hidden = layer.call(hidden);
        return functional.tanh(pooler.call(hidden.select(1, 0)));
    }
}

/// <summary>Word, position and segment tables of width E, a LayerNorm, and the E -> H projection.</summary>
public sealed class AlbertEmbeddings : Module<Tensor, Tensor, Tensor>
{
    private readonly TokenEmbedding words;
    private readonly TokenEmbedding positions;
    private readonly TokenEmbedding tokenTypes;
    private readonly LayerNorm norm;
    private readonly Linear projection;

    public AlbertEmbeddings(AlbertConfig config, Device? device) : base(nameof(AlbertEmbeddings))
    {
        words = new TokenEmbedding(config.Vocab, config.EmbeddingSize, device);
        positions = new TokenEmbedding(config.Positions, config.EmbeddingSize, device);
        tokenTypes = new TokenEmbedding(config.TokenTypes, config.EmbeddingSize, device);
        norm = LayerNorm(config.EmbeddingSize, device: device);
        projection = Linear(config.EmbeddingSize, config.Hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens, Tensor types)
    {
        var position = torch.arange(tokens.shape[1], dtype: int64, device: tokens.device);
        var sum = words.call(tokens) + positions.call(position) + tokenTypes.call(types);
        return projection.call(norm.call(sum));
    }
}

/// <summary>One transformer layer: self-attention and a feed-forward network, each followed by add and LayerNorm.</summary>
/// <remarks>The LayerNorms are outside <c>attention</c> and <c>ffn</c>, so "shared attention" leaves them per layer.</remarks>
public sealed class AlbertLayer : Module<Tensor, Tensor>
{
    private readonly AlbertAttention attention;
    private readonly LayerNorm attentionNorm;
    private readonly AlbertFeedForward ffn;
    private readonly LayerNorm ffnNorm;

    public AlbertLayer(AlbertConfig config, Device? device) : base(nameof(AlbertLayer))
    {
        attention = new AlbertAttention(config, device);
        attentionNorm = LayerNorm(config.Hidden, device: device);
        ffn = new AlbertFeedForward(config, device);
        ffnNorm = LayerNorm(config.Hidden, device: device);
        RegisterComponents();
    }

    public AlbertAttention Attention => attention;
    public AlbertFeedForward Ffn => ffn;

    public override Tensor forward(Tensor hidden)
    {
        hidden = attentionNorm.call(hidden + attention.call(hidden));
        return ffnNorm.call(hidden + ffn.call(hidden));
    }
}

/// <summary>Multi-head self-attention: query, key, value and output projections of H x H.</summary>
public sealed class AlbertAttention : Module<Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;
    private readonly long heads;

    public AlbertAttention(AlbertConfig config, Device? device) : base(nameof(AlbertAttention))
    {
        if (config.Hidden % config.Heads != 0)
            throw new ArgumentException($"The hidden width {config.Hidden} is not a multiple of the {config.Heads} heads.", nameof(config));
        heads = config.Heads;
        query = Linear(config.Hidden, config.Hidden, device: device);
        key = Linear(config.Hidden, config.Hidden, device: device);
        value = Linear(config.Hidden, config.Hidden, device: device);
        output = Linear(config.Hidden, config.Hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        long batch = hidden.shape[0], length = hidden.shape[1], width = hidden.shape[2];
        Tensor Heads(Tensor x) => x.view(batch, length, heads, width / heads).transpose(1, 2);

        var context = functional.scaled_dot_product_attention(Heads(query.call(hidden)), Heads(key.call(hidden)), Heads(value.call(hidden)));
        return output.call(context.transpose(1, 2).reshape(batch, length, width));
    }
}

/// <summary>The feed-forward network: H -> FFN, GELU, FFN -> H.</summary>
public sealed class AlbertFeedForward : Module<Tensor, Tensor>
{
    private readonly Linear up;
    private readonly Linear down;

    public AlbertFeedForward(AlbertConfig config, Device? device) : base(nameof(AlbertFeedForward))
    {
        up = Linear(config.Hidden, config.FeedForward, device: device);
        down = Linear(config.FeedForward, config.Hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) => down.call(functional.gelu(up.call(hidden)));
}
