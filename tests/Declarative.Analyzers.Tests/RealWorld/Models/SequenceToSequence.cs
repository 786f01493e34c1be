// The TorchSharp SequenceToSequence example's TransformerModel, with its token embedding and decoder tied, and its
// PositionalEncoding buffer built in straight-line code.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.SequenceToSequence;

public sealed class PositionalEncoding : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> dropout;
    private readonly Tensor pe;

    public PositionalEncoding(long dmodel, double dropout, int maxLen = 5000) : base(nameof(PositionalEncoding))
    {
        this.dropout = Dropout(dropout);
        var pe = torch.zeros(maxLen, dmodel);
        var position = torch.arange(0, maxLen, 1).unsqueeze(1);
        var divTerm = (torch.arange(0, dmodel, 2) * (-Math.Log(10000.0) / dmodel)).exp();
        pe[TensorIndex.Ellipsis, TensorIndex.Slice(0, null, 2)] = (position * divTerm).sin();
        pe[TensorIndex.Ellipsis, TensorIndex.Slice(1, null, 2)] = (position * divTerm).cos();
        this.pe = pe.unsqueeze(0).transpose(0, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor t) => dropout.call(t + pe[TensorIndex.Slice(null, t.shape[0]), TensorIndex.Slice()]);
}

public partial class TransformerModel : Module<Tensor, Tensor, Tensor>
{
    private readonly TransformerEncoder transformer_encoder;
    private readonly PositionalEncoding pos_encoder;
    [Shared("tokens", Member = "weight")] private readonly Embedding encoder;
    [Shared("tokens", Member = "weight")] private readonly Linear decoder; //! expect decoder-swapped DECL001
    private readonly long ninputs;

    public TransformerModel(long ntokens, long ninputs, long nheads, long nhidden, long nlayers, double dropout = 0.5) : base(nameof(TransformerModel))
    {
        this.ninputs = ninputs;
        pos_encoder = new PositionalEncoding(ninputs, dropout);
        var encoder_layers = TransformerEncoderLayer(ninputs, nheads, nhidden, dropout);
        transformer_encoder = TransformerEncoder(encoder_layers, nlayers);
        encoder = Embedding(ntokens, ninputs);
        decoder = Linear(ninputs, ntokens); //! plant decoder-swapped: Linear(ninputs, ntokens) => Linear(ntokens, ninputs)
        InitWeights();
        RegisterComponents();
    }

    private void InitWeights()
    {
        var initrange = 0.1;
        init.uniform_(encoder.weight, -initrange, initrange);
        init.zeros_(decoder.bias);
    }

    public override Tensor forward(Tensor t, Tensor mask)
    {
        var src = pos_encoder.call(encoder.call(t) * MathF.Sqrt(ninputs));
        var enc = transformer_encoder.call(src, mask);
        return decoder.call(enc);
    }
}
