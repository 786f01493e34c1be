using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Runtime.Tests.Pretrained;

/// <summary>The port of <c>TiedLanguageModel</c> in Fixtures/pytorch_reference.py: the same keys, tied by attributes.</summary>
public partial class PortedLanguageModel : Module<Tensor, Tensor>
{
    public const long Vocab = 24, Dim = 8;

    [Shared("vocab", Member = "weight")] private readonly Embedding embed;
    private readonly Linear body;
    [Shared("vocab", Member = "weight")] private readonly Linear head;

    public PortedLanguageModel() : base(nameof(PortedLanguageModel))
    {
        embed = Embedding(Vocab, Dim);
        body = Linear(Dim, Dim);
        head = Linear(Dim, Vocab, hasBias: false);
        RegisterComponents();
    }

    public Embedding Embed => embed;
    public Linear Head => head;

    public override Tensor forward(Tensor tokens) => head.call(torch.tanh(body.call(embed.call(tokens))));
}

/// <summary>The port of <c>TiedAutoencoder</c> in Fixtures/pytorch_reference.py: the decoder is the encoder's transpose.</summary>
public partial class PortedAutoencoder : Module<Tensor, Tensor>
{
    public const long Input = 12, Code = 5;

    [Shared("codec", Member = "weight")] private readonly Linear encoder;
    [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder;

    public PortedAutoencoder() : base(nameof(PortedAutoencoder))
    {
        encoder = Linear(Input, Code);
        decoder = Linear(Code, Input);
        RegisterComponents();
    }

    public Linear Encoder => encoder;
    public Linear Decoder => decoder;

    public override Tensor forward(Tensor x) => decoder.call(torch.sigmoid(encoder.call(x)));
}
