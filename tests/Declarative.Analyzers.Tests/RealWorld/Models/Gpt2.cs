// A GPT-2 port in the style of TorchSharp's nanoGPT ports: a config record, blocks in a ModuleList, and a
// registration helper that assigns each field through an out argument.
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.Gpt2;

public sealed record GptConfig(long VocabSize, long BlockSize, long NEmbd, long NHead, int NLayer, double Dropout);

public abstract class GptModule : Module<Tensor, Tensor>
{
    protected GptModule(string name) : base(name) { }

    // Registers a child under its field name and hands it back through the field.
    protected void Register<T>(out T field, T module) where T : Module
    {
        field = module;
    }
}

public sealed class CausalSelfAttention : GptModule
{
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly Dropout resid_dropout;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        Register(out c_attn, Linear(config.NEmbd, 3 * config.NEmbd));
        Register(out c_proj, Linear(config.NEmbd, config.NEmbd));
        Register(out resid_dropout, Dropout(config.Dropout));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => resid_dropout.call(c_proj.call(c_attn.call(x)));
}

public sealed class Block : GptModule
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Sequential mlp;

    public Block(GptConfig config) : base(nameof(Block))
    {
        Register(out ln_1, LayerNorm(config.NEmbd));
        Register(out attn, new CausalSelfAttention(config));
        Register(out ln_2, LayerNorm(config.NEmbd));
        Register(out mlp, Sequential(
            ("c_fc", Linear(config.NEmbd, 4 * config.NEmbd)),
            ("gelu", GELU()),
            ("c_proj", Linear(4 * config.NEmbd, config.NEmbd))));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + attn.call(ln_1.call(x));
        return x + mlp.call(ln_2.call(x));
    }
}

public partial class Gpt : GptModule
{
    [Shared("wte", Member = "weight")] private readonly Embedding wte;
    private readonly Embedding wpe;
    [Shared("block")] private readonly Block h0;
    [Shared("block")] private readonly Block h1;
    private readonly LayerNorm ln_f;
    [Shared("wte", Member = "weight")] private readonly Linear lm_head; //! expect head-swapped DECL001

    public Gpt(GptConfig config) : base(nameof(Gpt))
    {
        Register(out wte, Embedding(config.VocabSize, config.NEmbd));
        Register(out wpe, Embedding(config.BlockSize, config.NEmbd));
        Register(out h0, new Block(config));
        Register(out h1, new Block(config));
        Register(out ln_f, LayerNorm(config.NEmbd));
        this.Register(out this.lm_head, Linear(config.NEmbd, config.VocabSize, hasBias: false)); //! plant head-swapped: Linear(config.NEmbd, config.VocabSize => Linear(config.VocabSize, config.NEmbd
        RegisterComponents();
    }

    public override Tensor forward(Tensor idx)
    {
        var x = wte.call(idx);
        x = h1.call(h0.call(x));
        return lm_head.call(ln_f.call(x));
    }
}
