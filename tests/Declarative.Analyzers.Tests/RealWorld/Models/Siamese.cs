// A Siamese network in the style of the TorchSharp image examples: one convolutional tower shared by both inputs,
// projection heads one of them built in if/else branches that differ only in their bias.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.Siamese;

public partial class SiameseNetwork : Module<Tensor, Tensor, Tensor>
{
    [Shared("tower")] private readonly Sequential left;
    [Shared("tower")] private readonly Sequential right;
    [Shared("projection", Member = "weight")] private readonly Linear projectLeft;
    [Shared("projection", Member = "weight")] private readonly Linear projectRight; //! expect projection-swapped DECL001

    public SiameseNetwork(long embeddingDim, bool biasInProjection) : base(nameof(SiameseNetwork))
    {
        left = Tower();
        right = Tower();
        projectLeft = Linear(256, embeddingDim, hasBias: biasInProjection); //! plant projection-swapped: Linear(256, embeddingDim => Linear(embeddingDim, 256
        if (biasInProjection)
        {
            projectRight = Linear(256, embeddingDim);
        }
        else
        {
            projectRight = Linear(256, embeddingDim, hasBias: false);
        }
        RegisterComponents();
    }

    private static Sequential Tower() => Sequential(
        ("conv1", Conv2d(1, 64, kernel_size: 10)),
        ("relu1", ReLU()),
        ("pool1", MaxPool2d(2)),
        ("conv2", Conv2d(64, 128, kernel_size: 7)),
        ("relu2", ReLU()),
        ("pool2", AdaptiveAvgPool2d(1)),
        ("flatten", Flatten()),
        ("fc", Linear(128, 256)));

    public override Tensor forward(Tensor a, Tensor b)
        => functional.pairwise_distance(projectLeft.call(left.call(a)), projectRight.call(right.call(b)));
}
