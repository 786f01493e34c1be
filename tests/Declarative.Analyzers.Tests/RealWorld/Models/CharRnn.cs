// A word-level language model after the TorchSharp and PyTorch examples: the recurrent cell and the decoder are
// chosen with switch expressions, and the decoder is tied to the encoder.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.CharRnn;

public enum CellKind { Lstm, Gru }

public enum DecoderKind { Plain, NoBias }

public partial class RnnLanguageModel : Module<Tensor, Tensor>
{
    [Shared("tokens", Member = "weight")] private readonly Embedding encoder;
    private readonly Module<Tensor, Tensor> rnn;
    [Shared("tokens", Member = "weight")] private readonly Linear decoder; //! expect encoder-swapped DECL001
    private readonly Dropout drop;

    public RnnLanguageModel(CellKind cell, DecoderKind head, long ntoken, long ninp, long nlayers, double dropout = 0.5) : base(nameof(RnnLanguageModel))
    {
        drop = Dropout(dropout);
        encoder = Embedding(ntoken, ninp); //! plant encoder-swapped: Embedding(ntoken, ninp) => Embedding(ninp, ntoken)
        rnn = cell switch
        {
            CellKind.Lstm => new Recurrent(LSTM(ninp, ninp, nlayers, dropout: dropout)),
            CellKind.Gru => new Recurrent(GRU(ninp, ninp, nlayers, dropout: dropout)),
            _ => throw new ArgumentException("Unknown cell " + cell),
        };
        decoder = head switch
        {
            DecoderKind.Plain => Linear(ninp, ntoken),
            DecoderKind.NoBias => Linear(ninp, ntoken, hasBias: false),
            _ => throw new ArgumentOutOfRangeException(nameof(head)),
        };
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => decoder.call(drop.call(rnn.call(drop.call(encoder.call(input)))));
}

/// <summary>Drops the hidden state of a recurrent module, so that it fits in a Sequential.</summary>
public sealed class Recurrent : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor?, (Tensor, Tensor)> gru;
    private readonly Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> lstm;

    public Recurrent(GRU gru) : base(nameof(Recurrent))
    {
        this.gru = gru;
        lstm = null!;
        RegisterComponents();
    }

    public Recurrent(LSTM lstm) : base(nameof(Recurrent))
    {
        this.lstm = lstm;
        gru = null!;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => gru is not null ? gru.call(x, null).Item1 : lstm.call(x, null).Item1;
}
