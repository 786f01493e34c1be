using System.Linq;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Runtime.Tests.Models;

/// <summary>Tied input and output embeddings (Press and Wolf 2017): member sharing across module types.</summary>
public partial class TiedLanguageModel : Module<Tensor, Tensor>
{
    [Shared("vocab", Member = "weight")] private readonly Embedding embed;
    [Shared("vocab", Member = "weight")] private readonly Linear head;

    public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
    {
        embed = Embedding(vocab, dim);
        head = Linear(dim, vocab, hasBias: false);
        RegisterComponents();
    }

    public Embedding Embed => embed;
    public Linear Head => head;

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

/// <summary>The same tie with the head declared first: TorchSharp's naive aliasing breaks on this order.</summary>
public partial class HeadFirstLanguageModel : Module<Tensor, Tensor>
{
    [Shared("vocab", Member = "weight")] private readonly Linear head;
    [Shared("vocab", Member = "weight")] private readonly Embedding embed;

    public HeadFirstLanguageModel(long vocab, long dim) : base(nameof(HeadFirstLanguageModel))
    {
        head = Linear(dim, vocab, hasBias: false);
        embed = Embedding(vocab, dim);
        RegisterComponents();
    }

    public Embedding Embed => embed;
    public Linear Head => head;

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

/// <summary>The untied language model, with the same names: its checkpoints hold both keys.</summary>
public class UntiedLanguageModel : Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly Linear head;

    public UntiedLanguageModel(long vocab, long dim) : base(nameof(UntiedLanguageModel))
    {
        embed = Embedding(vocab, dim);
        head = Linear(dim, vocab, hasBias: false);
        RegisterComponents();
    }

    public Embedding Embed => embed;
    public Linear Head => head;

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

/// <summary>Twin encoders (Bromley et al. 1993): whole-module sharing, a buffer (batch norm statistics) included.</summary>
public partial class TwinEncoders : Module<Tensor, Tensor, Tensor>
{
    [Shared("twin")] private readonly Sequential left;
    [Shared("twin")] private readonly Sequential right;

    public TwinEncoders(long input, long hidden) : base(nameof(TwinEncoders))
    {
        left = Sequential(Linear(input, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, hidden));
        right = Sequential(Linear(input, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, hidden));
        RegisterComponents();
    }

    public Sequential Left => left;
    public Sequential Right => right;

    public override Tensor forward(Tensor a, Tensor b) => (left.call(a) - right.call(b)).square().sum(1);
}

/// <summary>Two Parameter fields of the model itself that share one tensor.</summary>
public partial class SharedScales : Module<Tensor, Tensor>
{
    [Shared("scale")] private readonly Parameter inner;
    [Shared("scale")] private readonly Parameter outer;
    private readonly Linear mix;

    public SharedScales(long width) : base(nameof(SharedScales))
    {
        inner = Parameter(torch.rand(width));
        outer = Parameter(torch.rand(width));
        mix = Linear(width, width);
        RegisterComponents();
    }

    public Parameter Inner => named_parameters(recurse: false).First(p => p.name == "inner").parameter;
    public Parameter Outer => (Parameter)typeof(SharedScales).GetField("outer", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(this)!;

    public override Tensor forward(Tensor x) => mix.call(x * inner) * outer;
}

/// <summary>A stack whose layers all share one set of weights, like ALBERT's: a field and a ModuleList.</summary>
public partial class SharedStack : Module<Tensor, Tensor>
{
    [Shared("layer")] private readonly Linear first;
    [Shared("layer")] private readonly ModuleList<Linear> rest;

    public SharedStack(long width, int depth) : base(nameof(SharedStack))
    {
        first = Linear(width, width);
        rest = new ModuleList<Linear>();
        for (int i = 1; i < depth; i++)
            rest.Add(Linear(width, width));
        RegisterComponents();
    }

    public Linear First => first;
    public ModuleList<Linear> Rest => rest;

    public override Tensor forward(Tensor x)
    {
        x = functional.tanh(first.call(x));
        foreach (var layer in rest)
            x = functional.tanh(layer.call(x));
        return x;
    }
}

/// <summary>An array of gates that share one weight: TorchSharp registers no arrays, the owner gets registered.</summary>
public partial class GateArray : Module<Tensor, Tensor>
{
    [Shared("gate", Member = "weight")] private readonly Linear[] gates;

    public GateArray(long width, int count) : base(nameof(GateArray))
    {
        gates = new Linear[count];
        for (int i = 0; i < count; i++)
            gates[i] = Linear(width, width, hasBias: false);
        RegisterComponents();
    }

    public Linear[] Gates => gates;

    public override Tensor forward(Tensor x)
    {
        foreach (var gate in gates)
            x = functional.sigmoid(gate.call(x)) * x;
        return x;
    }
}

/// <summary>A tied autoencoder (Hinton and Salakhutdinov 2006): W_dec = W_encᵀ.</summary>
public partial class TiedAutoencoder : Module<Tensor, Tensor>
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

    public override Tensor forward(Tensor x) => decoder.call(functional.relu(encoder.call(x)));
}

/// <summary>An ordinary module with a tied model inside: the guarantees must hold through nesting.</summary>
public class Classifier : Module<Tensor, Tensor>
{
    private readonly TiedLanguageModel body;
    private readonly Linear probe;

    public Classifier(long vocab, long dim) : base(nameof(Classifier))
    {
        body = new TiedLanguageModel(vocab, dim);
        probe = Linear(vocab, 2);
        RegisterComponents();
    }

    public TiedLanguageModel Body => body;

    public override Tensor forward(Tensor tokens) => probe.call(body.call(tokens));
}
