using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.TiedEmbeddings;

/// <summary>The sizes of a GPT-2 language model.</summary>
public sealed record Gpt2Config(long Vocab, long Positions, long Width, int Layers, int Heads)
{
    /// <summary>GPT-2 small (Radford et al. 2019): vocabulary 50,257, 1,024 positions, width 768, 12 layers of 12 heads.</summary>
    public static Gpt2Config Small { get; } = new(50_257, 1_024, 768, 12, 12);
}

/// <summary>
/// A GPT-2 language model: token and position embeddings, pre-norm transformer blocks with causal attention,
/// a final LayerNorm and an output head to the vocabulary. Whether the head is the token embedding is declared by
/// the subclasses' attributes.
/// </summary>
public abstract class Gpt2 : Module<Tensor, Tensor>
{
    private readonly TokenEmbedding positions;
    private readonly ModuleList<Gpt2Block> blocks;
    private readonly LayerNorm finalNorm;

    protected Gpt2(string name, Gpt2Config config, Device? device) : base(name)
    {
        positions = new TokenEmbedding(config.Positions, config.Width, device);
        blocks = new ModuleList<Gpt2Block>();
        for (int i = 0; i < config.Layers; i++)
            blocks.Add(new Gpt2Block(config, device));
        finalNorm = LayerNorm(config.Width, device: device);
    }

    /// <summary>The token embedding, [vocab, width].</summary>
    public abstract TokenEmbedding Tokens { get; }

    /// <summary>The output head, width -> vocab, without bias.</summary>
    public abstract Linear Head { get; }

    /// <summary>Next-token logits, [batch, length, vocab], for [batch, length] token ids.</summary>
    public override Tensor forward(Tensor tokens)
    {
        var position = torch.arange(tokens.shape[1], dtype: int64, device: tokens.device);
        var hidden = Tokens.call(tokens) + positions.call(position);
        foreach (var block in blocks)
            hidden = block.call(hidden);
        return Head.call(finalNorm.call(hidden));
    }
}

/// <summary>GPT-2 with its output head tied to its token embedding (Press and Wolf 2017), as released.</summary>
public sealed partial class TiedGpt2 : Gpt2
{
    [Shared("vocab", Member = "weight")] private readonly TokenEmbedding tokens;
    [Shared("vocab", Member = "weight")] private readonly Linear head;

    public TiedGpt2(Gpt2Config config, Device? device = null) : base(nameof(TiedGpt2), config, device)
    {
        tokens = new TokenEmbedding(config.Vocab, config.Width, device);
        head = Linear(config.Width, config.Vocab, hasBias: false, device: device);
        RegisterComponents();
    }

    public override TokenEmbedding Tokens => tokens;
    public override Linear Head => head;
}

/// <summary>The same model without the attributes: a head of its own.</summary>
public sealed class UntiedGpt2 : Gpt2
{
    private readonly TokenEmbedding tokens;
    private readonly Linear head;

    public UntiedGpt2(Gpt2Config config, Device? device = null) : base(nameof(UntiedGpt2), config, device)
    {
        tokens = new TokenEmbedding(config.Vocab, config.Width, device);
        head = Linear(config.Width, config.Vocab, hasBias: false, device: device);
        RegisterComponents();
    }

    public override TokenEmbedding Tokens => tokens;
    public override Linear Head => head;
}

/// <summary>A pre-norm block: x + attention(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class Gpt2Block : Module<Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly Gpt2Attention attention;
    private readonly LayerNorm mlpNorm;
    private readonly Linear up;
    private readonly Linear down;

    public Gpt2Block(Gpt2Config config, Device? device) : base(nameof(Gpt2Block))
    {
        attentionNorm = LayerNorm(config.Width, device: device);
        attention = new Gpt2Attention(config, device);
        mlpNorm = LayerNorm(config.Width, device: device);
        up = Linear(config.Width, 4 * config.Width, device: device);
        down = Linear(4 * config.Width, config.Width, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        hidden = hidden + attention.call(attentionNorm.call(hidden));
        return hidden + down.call(functional.gelu(up.call(mlpNorm.call(hidden))));
    }
}

/// <summary>Causal multi-head self-attention with one fused query-key-value projection, as GPT-2 has.</summary>
public sealed class Gpt2Attention : Module<Tensor, Tensor>
{
    private readonly Linear queryKeyValue;
    private readonly Linear projection;
    private readonly long heads;

    public Gpt2Attention(Gpt2Config config, Device? device) : base(nameof(Gpt2Attention))
    {
        if (config.Width % config.Heads != 0)
            throw new ArgumentException($"The width {config.Width} is not a multiple of the {config.Heads} heads.", nameof(config));
        heads = config.Heads;
        queryKeyValue = Linear(config.Width, 3 * config.Width, device: device);
        projection = Linear(config.Width, config.Width, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        long batch = hidden.shape[0], length = hidden.shape[1], width = hidden.shape[2];
        var parts = queryKeyValue.call(hidden).view(batch, length, 3, heads, width / heads).permute(2, 0, 3, 1, 4);
        var context = functional.scaled_dot_product_attention(parts[0], parts[1], parts[2], is_casual: true);
        return projection.call(context.transpose(1, 2).reshape(batch, length, width));
    }
}
