// A MobileNetV2 port for RGB and optical-flow input: each stem is a Sequential of a list filled with named
// modules, and the feature extractor joins lists with spreads.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.MobileNetV2;

public sealed class InvertedResidual : Module<Tensor, Tensor>
{
    private readonly Sequential conv;
    private readonly bool useResidual;

    public InvertedResidual(long inp, long oup, long stride, long expandRatio) : base(nameof(InvertedResidual))
    {
        long hidden = inp * expandRatio;
        useResidual = stride == 1 && inp == oup;
        var layers = new List<Module<Tensor, Tensor>>();
        layers.Add(Conv2d(inp, hidden, 1, bias: false));
        layers.Add(BatchNorm2d(hidden));
        layers.Add(ReLU6());
        layers.Add(Conv2d(hidden, hidden, 3, stride: stride, padding: 1, groups: hidden, bias: false));
        layers.Add(BatchNorm2d(hidden));
        layers.Add(ReLU6());
        layers.Add(Conv2d(hidden, oup, 1, bias: false));
        layers.Add(BatchNorm2d(oup));
        conv = Sequential(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => useResidual ? x + conv.call(x) : conv.call(x);
}

public partial class TwoStreamMobileNet : Module<Tensor, Tensor>
{
    [Tied("stem", Lambda = 1e-3, Member = "conv.weight")] private readonly Sequential rgbStem;
    [Tied("stem", Lambda = 1e-3, Member = "conv.weight")] private readonly Sequential flowStem; //! expect flow-channels DECL002
    [Shared("features", Member = "1.conv.3.weight")] private readonly Sequential rgbFeatures;
    [Shared("features", Member = "1.conv.3.weight")] private readonly Sequential flowFeatures; //! expect flow-expand DECL001
    private readonly Linear classifier;

    public TwoStreamMobileNet(long numClasses) : base(nameof(TwoStreamMobileNet))
    {
        var rgb = new List<(string, Module<Tensor, Tensor>)>();
        rgb.Add(("conv", Conv2d(3, 32, 3, stride: 2, padding: 1, bias: false)));
        rgb.Add(("bn", BatchNorm2d(32)));
        rgb.Add(("act", ReLU6()));
        rgbStem = Sequential(rgb);

        var flow = new List<(string, Module<Tensor, Tensor>)>();
        flow.Add(("conv", Conv2d(3, 32, 3, stride: 2, padding: 1, bias: false))); //! plant flow-channels: Conv2d(3, 32, 3 => Conv2d(3, 48, 3
        flow.Add(("bn", BatchNorm2d(32)));
        flow.Add(("act", ReLU6()));
        flowStem = Sequential(flow);

        Module<Tensor, Tensor>[] blocks = [new InvertedResidual(32, 16, 1, 1), new InvertedResidual(16, 24, 2, 6)];
        Module<Tensor, Tensor>[] flowBlocks = [new InvertedResidual(32, 16, 1, 1), new InvertedResidual(16, 24, 2, 6)]; //! plant flow-expand: InvertedResidual(16, 24, 2, 6) => InvertedResidual(16, 24, 2, 4)
        rgbFeatures = Sequential([.. blocks, new InvertedResidual(24, 32, 2, 6)]);
        flowFeatures = Sequential([.. flowBlocks, new InvertedResidual(24, 32, 2, 6)]);
        classifier = Linear(32, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
        => classifier.call(rgbFeatures.call(rgbStem.call(x)).mean(new long[] { 2, 3 }));
}
