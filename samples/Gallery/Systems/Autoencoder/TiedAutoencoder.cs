using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Autoencoder;

/// <summary>
/// A tied linear autoencoder (Hinton and Salakhutdinov 2006): the decoder's weight is the encoder's, transposed.
/// The decoder holds no weight of its own; it reads the encoder's through a transposed view.
/// </summary>
public sealed partial class TiedAutoencoder : Module<Tensor, Tensor>
{
    [Shared("codec", Member = "weight")] private readonly Linear encoder;
    [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder;

    public TiedAutoencoder(long input, long code) : base(nameof(TiedAutoencoder))
    {
        encoder = Linear(input, code);
        decoder = Linear(code, input);
        RegisterComponents();
    }

    public Linear Encoder => encoder;
    public Linear Decoder => decoder;

    public override Tensor forward(Tensor x) => decoder.call(encoder.call(x));
}
