// A U-Net port whose encoder stages are registered by hand through a helper with an out argument, for two
// input scans that tie their first stages.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.UNet;

public partial class DualUNet : Module<Tensor, Tensor, Tensor>
{
    [Tied("enc1", Lambda = 0.01, Member = "conv1.weight")] private readonly Sequential encoder1;
    [Tied("enc1", Lambda = 0.01, Member = "conv1.weight")] private readonly Sequential encoderB1; //! expect scan-channels DECL002
    private readonly Sequential encoder2;
    private readonly MaxPool2d pool;
    private readonly ConvTranspose2d upconv;
    [Shared("decoder")] private readonly Sequential decoder1;
    [Shared("decoder")] private readonly Sequential decoderB1; //! expect decoder-features DECL001
    private readonly Conv2d conv;

    public DualUNet(long inChannels = 1, long outChannels = 1, long features = 32) : base(nameof(DualUNet))
    {
        AddStage(out encoder1, "encoder1", Block(inChannels, features));
        AddStage(out encoderB1, "encoderB1", Block(inChannels, features)); //! plant scan-channels: Block(inChannels, features) => Block(inChannels + 1, features)
        AddStage(out encoder2, "encoder2", Block(features, features * 2));
        pool = MaxPool2d(kernel_size: 2, stride: 2);
        upconv = ConvTranspose2d(features * 2, features, kernel_size: 2, stride: 2);
        AddStage(out decoder1, "decoder1", Block(features * 2, features));
        AddStage(out decoderB1, "decoderB1", Block(features * 2, features)); //! plant decoder-features: Block(features * 2, features) => Block(features * 2, features * 2)
        conv = Conv2d(features, outChannels, kernel_size: 1);
        RegisterComponents();
    }

    private static void AddStage(out Sequential field, string name, Sequential block)
    {
        field = block;
    }

    private static Sequential Block(long inChannels, long features) => Sequential(
        ("conv1", Conv2d(inChannels, features, kernel_size: 3, padding: 1, bias: false)),
        ("norm1", BatchNorm2d(features)),
        ("relu1", ReLU(inplace: true)),
        ("conv2", Conv2d(features, features, kernel_size: 3, padding: 1, bias: false)),
        ("norm2", BatchNorm2d(features)),
        ("relu2", ReLU(inplace: true)));

    public override Tensor forward(Tensor a, Tensor b)
    {
        var e1 = encoder1.call(a);
        var e2 = encoder2.call(pool.call(e1));
        var d1 = decoder1.call(torch.cat(new[] { upconv.call(e2), e1 }, 1));
        return conv.call(d1) + encoderB1.call(b).mean();
    }
}
