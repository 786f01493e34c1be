// An MLP-Mixer port: token-mixing width computed from the image and patch sizes in straight-line steps, one mixer
// layer shared by the whole depth.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.MlpMixer;

public sealed class MixerBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Sequential tokenMixing;
    private readonly LayerNorm norm2;
    private readonly Sequential channelMixing;

    public MixerBlock(long tokens, long channels, long tokenHidden, long channelHidden) : base(nameof(MixerBlock))
    {
        norm1 = LayerNorm(channels);
        tokenMixing = Sequential(Linear(tokens, tokenHidden), GELU(), Linear(tokenHidden, tokens));
        norm2 = LayerNorm(channels);
        channelMixing = Sequential(Linear(channels, channelHidden), GELU(), Linear(channelHidden, channels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + tokenMixing.call(norm1.call(x).transpose(1, 2)).transpose(1, 2);
        return x + channelMixing.call(norm2.call(x));
    }
}

public partial class MlpMixer : Module<Tensor, Tensor>
{
    private readonly Conv2d stem;
    [Shared("mixer")] private readonly MixerBlock block;
    [Shared("mixer")] private readonly ModuleList<MixerBlock> rest; //! expect mixer-tokens DECL001
    private readonly Linear head;

    public MlpMixer(long imageSize, long patchSize, long channels, int depth, long numClasses) : base(nameof(MlpMixer))
    {
        long tokens = imageSize / patchSize;
        tokens = tokens * tokens;
        long tokenHidden = channels / 2;
        long channelHidden = 4 * channels;
        stem = Conv2d(3, channels, kernel_size: patchSize, stride: patchSize);
        block = new MixerBlock(tokens, channels, tokenHidden, channelHidden);
        rest = new ModuleList<MixerBlock>();
        for (int i = 1; i < depth; i++)
            rest.Add(new MixerBlock(tokens, channels, tokenHidden, channelHidden)); //! plant mixer-tokens: new MixerBlock(tokens, channels, => new MixerBlock(tokens, 2 * channels,
        head = Linear(channels, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => head.call(block.call(stem.call(x).flatten(2).transpose(1, 2)).mean(new long[] { 1 }));
}
