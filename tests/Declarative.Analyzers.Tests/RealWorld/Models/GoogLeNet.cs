// A GoogLeNet port in the torchvision style: BasicConv2d and Inception modules, inception blocks made by an instance
// helper, and an auxiliary classifier that shares its projection with a second head.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.GoogLeNet;

public sealed class BasicConv2d : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    public BasicConv2d(long inChannels, long outChannels, long kernelSize, long padding = 0) : base(nameof(BasicConv2d))
    {
        conv = Conv2d(inChannels, outChannels, kernel_size: kernelSize, padding: padding, bias: false);
        bn = BatchNorm2d(outChannels, eps: 0.001);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => functional.relu(bn.call(conv.call(x)));
}

public sealed class Inception : Module<Tensor, Tensor>
{
    private readonly BasicConv2d branch1;
    private readonly Sequential branch2;
    private readonly Sequential branch3;
    private readonly Sequential branch4;

    public Inception(long inChannels, long ch1x1, long ch3x3red, long ch3x3, long ch5x5red, long ch5x5, long poolProj) : base(nameof(Inception))
    {
        branch1 = new BasicConv2d(inChannels, ch1x1, 1);
        branch2 = Sequential(new BasicConv2d(inChannels, ch3x3red, 1), new BasicConv2d(ch3x3red, ch3x3, 3, padding: 1));
        branch3 = Sequential(new BasicConv2d(inChannels, ch5x5red, 1), new BasicConv2d(ch5x5red, ch5x5, 3, padding: 1));
        branch4 = Sequential(MaxPool2d(3, stride: 1, padding: 1, ceil_mode: true), new BasicConv2d(inChannels, poolProj, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
        => torch.cat(new[] { branch1.call(x), branch2.call(x), branch3.call(x), branch4.call(x) }, 1);
}

public partial class GoogLeNet : Module<Tensor, Tensor>
{
    private readonly BasicConv2d conv1;
    private readonly Inception inception3a;
    private readonly Inception inception3b;
    [Shared("inception5")] private readonly Inception inception5a;
    [Shared("inception5")] private readonly Inception inception5b; //! expect inception-width DECL001
    [Tied("head", Lambda = 0.01, Member = "weight")] private readonly Linear fc;
    [Tied("head", Lambda = 0.01, Member = "weight")] private readonly Linear auxFc; //! expect aux-classes DECL002

    public GoogLeNet(long numClasses = 1000) : base(nameof(GoogLeNet))
    {
        conv1 = new BasicConv2d(3, 64, 7, padding: 3);
        inception3a = InceptionBlock(192, 64, 96, 128, 16, 32, 32);
        inception3b = InceptionBlock(256, 128, 128, 192, 32, 96, 64);
        inception5a = InceptionBlock(832, 256, 160, 320, 32, 128, 128);
        inception5b = InceptionBlock(832, 256, 160, 320, 32, 128, 128); //! plant inception-width: 832, 256, 160, 320 => 832, 384, 192, 384
        fc = Linear(1024, numClasses);
        auxFc = Linear(1024, numClasses); //! plant aux-classes: Linear(1024, numClasses) => Linear(1024, numClasses + 1)
        RegisterComponents();
    }

    private Inception InceptionBlock(long inChannels, long ch1x1, long ch3x3red, long ch3x3, long ch5x5red, long ch5x5, long poolProj)
        => new Inception(inChannels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj);

    public override Tensor forward(Tensor x)
    {
        var y = inception5b.call(inception5a.call(inception3b.call(inception3a.call(conv1.call(x)))));
        return fc.call(y.mean(new long[] { 2, 3 })) + auxFc.call(y.mean(new long[] { 2, 3 }));
    }
}
