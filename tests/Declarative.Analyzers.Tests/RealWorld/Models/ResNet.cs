// A torchvision-style ResNet-18 for two input modalities: each stage comes from an instance helper that fills a
// list of blocks and wraps it in a Sequential.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.ResNet;

public sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> conv2;
    private readonly Module<Tensor, Tensor> bn2;
    private readonly Module<Tensor, Tensor> downsample;

    public BasicBlock(long inPlanes, long planes, long stride) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        downsample = stride != 1 || inPlanes != planes
            ? Sequential(Conv2d(inPlanes, planes, kernel_size: 1, stride: stride, bias: false), BatchNorm2d(planes))
            : Sequential();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = bn2.call(conv2.call(functional.relu(bn1.call(conv1.call(x)))));
        return functional.relu(y + downsample.call(x));
    }
}

public partial class TwoStreamResNet : Module<Tensor, Tensor>
{
    private long inPlanes = 64;

    [Shared("stem", Member = "weight")] private readonly Conv2d conv1;
    [Shared("stem", Member = "weight")] private readonly Conv2d depthConv1; //! expect stem-depth DECL001
    private readonly Module<Tensor, Tensor> layer1;
    private readonly Module<Tensor, Tensor> layer2;
    [Tied("layer3", Lambda = 1e-3, Member = "0.conv1.weight")] private readonly Module<Tensor, Tensor> layer3;
    [Tied("layer3", Lambda = 1e-3, Member = "0.conv1.weight")] private readonly Module<Tensor, Tensor> depthLayer3; //! expect layer3-planes DECL002
    private readonly Linear fc;

    public TwoStreamResNet(long numClasses) : base(nameof(TwoStreamResNet))
    {
        conv1 = Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        depthConv1 = Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false); //! plant stem-depth: kernel_size: 7 => kernel_size: 5
        layer1 = MakeLayer(64, 1);
        layer2 = MakeLayer(128, 2);
        layer3 = MakeLayer(256, 2);
        inPlanes = 128;
        depthLayer3 = MakeLayer(256, 2); //! plant layer3-planes: MakeLayer(256, 2) => MakeLayer(512, 2)
        fc = Linear(512, numClasses);
        RegisterComponents();
    }

    private Module<Tensor, Tensor> MakeLayer(long planes, long stride)
    {
        var layers = new List<Module<Tensor, Tensor>>();
        layers.Add(new BasicBlock(inPlanes, planes, stride));
        inPlanes = planes;
        layers.Add(new BasicBlock(inPlanes, planes, 1));
        return Sequential(layers);
    }

    public override Tensor forward(Tensor x)
    {
        var y = layer3.call(layer2.call(layer1.call(conv1.call(x))));
        return fc.call(y.mean(new long[] { 2, 3 }));
    }
}
