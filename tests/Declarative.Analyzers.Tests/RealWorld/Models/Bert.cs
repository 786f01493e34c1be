// A BERT port whose position embeddings are chosen by a switch expression whose arms agree on the weight, with the
// masked-language-model decoder tied to the word embeddings and a second encoder's positions tied softly.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.Bert;

public enum PositionKind { Absolute, Clipped }

public sealed class BertEmbeddings : Module<Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;

    public BertEmbeddings(long vocabSize, long hiddenSize, long maxPositions, PositionKind positions) : base(nameof(BertEmbeddings))
    {
        word_embeddings = Embedding(vocabSize, hiddenSize, padding_idx: 0);
        position_embeddings = positions switch
        {
            PositionKind.Absolute => Embedding(maxPositions, hiddenSize),
            PositionKind.Clipped => Embedding(maxPositions, hiddenSize, max_norm: 1.0),
            _ => throw new ArgumentOutOfRangeException(nameof(positions)),
        };
        token_type_embeddings = Embedding(2, hiddenSize);
        LayerNorm = nn.LayerNorm(hiddenSize, eps: 1e-12);
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids) => LayerNorm.call(word_embeddings.call(ids) + position_embeddings.call(ids));
}

public partial class BertForMaskedLM : Module<Tensor, Tensor>
{
    [Shared("words", Member = "word_embeddings.weight")] private readonly BertEmbeddings embeddings;
    [Tied("positions", Lambda = 0.1, Member = "position_embeddings.weight")] private readonly BertEmbeddings auxiliary;
    private readonly Linear transform;
    [Shared("words", Member = "weight")] private readonly Linear decoder; //! expect decoder-hidden DECL001
    [Tied("positions", Lambda = 0.1, Member = "position_embeddings.weight")] private readonly BertEmbeddings third; //! expect aux-positions DECL002

    public BertForMaskedLM(long vocabSize, long hidden, PositionKind positions) : base(nameof(BertForMaskedLM))
    {
        long intermediate = 4 * hidden;
        embeddings = new BertEmbeddings(vocabSize, hidden, 512, positions);
        auxiliary = new BertEmbeddings(vocabSize, hidden, 512, positions); //! plant aux-positions: hidden, 512, positions => hidden, 1024, positions
        third = new BertEmbeddings(vocabSize, hidden, 512, PositionKind.Clipped);
        transform = Linear(hidden, intermediate);
        decoder = Linear(hidden, vocabSize); //! plant decoder-hidden: Linear(hidden, vocabSize) => Linear(intermediate, vocabSize)
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids) => decoder.call(transform.call(embeddings.call(ids)));
}
