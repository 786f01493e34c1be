// An ALBERT port: a factorised embedding, one transformer layer shared by every position of the stack, and
// defaults filled in with ?? as the reference configuration does.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.Albert;

public sealed record AlbertConfig(long VocabSize, long EmbeddingSize, long HiddenSize, long NumHeads, int NumLayers);

public sealed class AlbertLayer : Module<Tensor, Tensor>
{
    private readonly MultiheadAttention attention;
    private readonly LayerNorm attentionNorm;
    private readonly Linear ffn;
    private readonly Linear ffnOutput;
    private readonly Module<Tensor, Tensor> fullNorm;

    public AlbertLayer(long hidden, long heads, long? intermediate = null, Module<Tensor, Tensor>? norm = null) : base(nameof(AlbertLayer))
    {
        long inner = intermediate ?? 4 * hidden;
        attention = MultiheadAttention(hidden, heads);
        attentionNorm = LayerNorm(hidden, eps: 1e-12);
        ffn = Linear(hidden, inner);
        ffnOutput = Linear(inner, hidden);
        fullNorm = norm ?? LayerNorm(hidden, eps: 1e-12);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fullNorm.call(x + ffnOutput.call(functional.gelu(ffn.call(attentionNorm.call(x)))));
}

public partial class AlbertModel : Module<Tensor, Tensor>
{
    [Shared("tokens", Member = "weight")] private readonly Embedding wordEmbeddings;
    private readonly Linear embeddingProjection;
    [Shared("layer")] private readonly AlbertLayer layer;
    [Shared("layer")] private readonly ModuleList<AlbertLayer> repeats; //! expect repeat-inner DECL001
    private readonly Linear mlmDense;
    [Shared("tokens", Member = "weight")] private readonly Linear mlmDecoder; //! expect decoder-hidden DECL001

    public AlbertModel(AlbertConfig config) : base(nameof(AlbertModel))
    {
        wordEmbeddings = Embedding(config.VocabSize, config.EmbeddingSize);
        embeddingProjection = Linear(config.EmbeddingSize, config.HiddenSize);
        layer = new AlbertLayer(config.HiddenSize, config.NumHeads);
        repeats = new ModuleList<AlbertLayer>();
        for (int i = 1; i < config.NumLayers; i++)
            repeats.Add(new AlbertLayer(config.HiddenSize, config.NumHeads)); //! plant repeat-inner: config.NumHeads) => config.NumHeads, intermediate: 2 * config.HiddenSize)
        mlmDense = Linear(config.HiddenSize, config.EmbeddingSize);
        mlmDecoder = Linear(config.EmbeddingSize, config.VocabSize); //! plant decoder-hidden: Linear(config.EmbeddingSize, config.VocabSize) => Linear(config.HiddenSize, config.VocabSize)
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        var h = embeddingProjection.call(wordEmbeddings.call(tokens));
        h = layer.call(h);
        foreach (var repeat in repeats) h = repeat.call(h);
        return mlmDecoder.call(mlmDense.call(h));
    }
}
