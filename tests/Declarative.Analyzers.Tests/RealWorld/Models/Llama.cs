// A LLaMA port: RMSNorm as a module of its own, attention with a head dimension of dim / heads, and the
// feed-forward width computed in straight-line steps as the reference implementation does.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.Llama;

public sealed record ModelArgs
{
    public long Dim { get; init; } = 4096;
    public int NLayers { get; init; } = 32;
    public long NHeads { get; init; } = 32;
    public long VocabSize { get; init; } = 32000;
    public long MultipleOf { get; init; } = 256;
    public double NormEps { get; init; } = 1e-5;
}

public sealed class RMSNorm : Module<Tensor, Tensor>
{
    private readonly double eps;
    private readonly Parameter weight;

    public RMSNorm(long dim, double eps = 1e-6) : base(nameof(RMSNorm))
    {
        this.eps = eps;
        weight = Parameter(torch.ones(dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * torch.rsqrt(x.pow(2).mean(new long[] { -1 }, keepdim: true) + eps) * weight;
}

public sealed class Attention : Module<Tensor, Tensor>
{
    private readonly long n_heads;
    private readonly long head_dim;
    private readonly Linear wq;
    private readonly Linear wk;
    private readonly Linear wv;
    private readonly Linear wo;

    public Attention(ModelArgs args) : base(nameof(Attention))
    {
        n_heads = args.NHeads;
        head_dim = args.Dim / args.NHeads;
        wq = Linear(args.Dim, n_heads * head_dim, hasBias: false);
        wk = Linear(args.Dim, n_heads * head_dim, hasBias: false);
        wv = Linear(args.Dim, n_heads * head_dim, hasBias: false);
        wo = Linear(n_heads * head_dim, args.Dim, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => wo.call(wq.call(x) + wk.call(x) + wv.call(x));
}

public sealed class FeedForward : Module<Tensor, Tensor>
{
    private readonly Linear w1;
    private readonly Linear w2;
    private readonly Linear w3;

    public FeedForward(long dim, long hidden_dim, long multiple_of) : base(nameof(FeedForward))
    {
        hidden_dim = 2 * hidden_dim / 3;
        hidden_dim = multiple_of * ((hidden_dim + multiple_of - 1) / multiple_of);

        w1 = Linear(dim, hidden_dim, hasBias: false);
        w2 = Linear(hidden_dim, dim, hasBias: false);
        w3 = Linear(dim, hidden_dim, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => w2.call(functional.silu(w1.call(x)) * w3.call(x));
}

public sealed class TransformerBlock : Module<Tensor, Tensor>
{
    private readonly Attention attention;
    private readonly FeedForward feed_forward;
    private readonly RMSNorm attention_norm;
    private readonly RMSNorm ffn_norm;

    public TransformerBlock(ModelArgs args) : base(nameof(TransformerBlock))
    {
        attention = new Attention(args);
        feed_forward = new FeedForward(args.Dim, 4 * args.Dim, args.MultipleOf);
        attention_norm = new RMSNorm(args.Dim, args.NormEps);
        ffn_norm = new RMSNorm(args.Dim, args.NormEps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = x + attention.call(attention_norm.call(x));
        return h + feed_forward.call(ffn_norm.call(h));
    }
}

public partial class Transformer : Module<Tensor, Tensor>
{
    [Shared("embedding", Member = "weight")] private readonly Embedding tok_embeddings;
    [Tied("layers", Lambda = 1e-4, Member = "feed_forward.w1.weight")] private readonly TransformerBlock first;
    [Tied("layers", Lambda = 1e-4, Member = "feed_forward.w1.weight")] private readonly TransformerBlock second;
    [Tied("query", Lambda = 1e-4, Member = "weight")] private readonly Linear query_adapter;
    [Tied("query", Lambda = 1e-4, Member = "attention.wq.weight")] private readonly TransformerBlock third; //! expect adapter-wide DECL002
    private readonly RMSNorm norm;
    [Shared("embedding", Member = "weight")] private readonly Linear output; //! expect output-swapped DECL001

    public Transformer(ModelArgs args) : base(nameof(Transformer))
    {
        tok_embeddings = Embedding(args.VocabSize, args.Dim);
        first = new TransformerBlock(args);
        second = new TransformerBlock(args);
        query_adapter = Linear(args.Dim, args.Dim, hasBias: false); //! plant adapter-wide: Linear(args.Dim, args.Dim => Linear(2 * args.Dim, args.Dim
        third = new TransformerBlock(args);
        norm = new RMSNorm(args.Dim, args.NormEps);
        output = Linear(args.Dim, args.VocabSize, hasBias: false); //! plant output-swapped: Linear(args.Dim, args.VocabSize => Linear(args.VocabSize, args.Dim
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        var h = tok_embeddings.call(tokens);
        h = third.call(second.call(first.call(h)));
        return output.call(norm.call(query_adapter.call(h)));
    }
}
