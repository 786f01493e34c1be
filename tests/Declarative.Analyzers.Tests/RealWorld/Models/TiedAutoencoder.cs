// A stacked autoencoder whose decoder uses the transposed encoder weights; the layer widths halve in a local that
// is assigned again after each layer.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.TiedAutoencoder;

public partial class StackedAutoencoder : Module<Tensor, Tensor>
{
    [Shared("outer", Member = "weight")] private readonly Linear encoder1;
    [Shared("inner", Member = "weight")] private readonly Linear encoder2;
    [Shared("inner", Member = "weight", Transpose = true)] private readonly Linear decoder2; //! expect inner-wide DECL003
    [Shared("outer", Member = "weight", Transpose = true)] private readonly Linear decoder1; //! expect outer-input DECL003

    public StackedAutoencoder(long inputSize, long bottleneck) : base(nameof(StackedAutoencoder))
    {
        long width = inputSize;
        long hidden = 4 * bottleneck;
        encoder1 = Linear(width, hidden);
        decoder1 = Linear(hidden, width); //! plant outer-input: Linear(hidden, width) => Linear(hidden, inputSize + 1)
        width = hidden;
        hidden = bottleneck;
        encoder2 = Linear(width, hidden);
        decoder2 = Linear(hidden, width); //! plant inner-wide: Linear(hidden, width) => Linear(hidden, 2 * width)
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var code = functional.relu(encoder2.call(functional.relu(encoder1.call(x))));
        return decoder1.call(functional.relu(decoder2.call(code)));
    }
}
