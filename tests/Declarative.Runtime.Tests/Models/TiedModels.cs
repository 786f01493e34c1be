using System.Linq;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Runtime.Tests.Models;

/// <summary>Two towers of one type tied whole: weights with weights, biases with biases.</summary>
public partial class TiedTowers : Module<Tensor, Tensor>
{
    public const double Lambda = 0.1;

    [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
    [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;

    public TiedTowers(long input = 4, long output = 3) : base(nameof(TiedTowers))
    {
        towerA = Linear(input, output);
        towerB = Linear(input, output);
        RegisterComponents();
    }

    public Linear TowerA => towerA;
    public Linear TowerB => towerB;

    public override Tensor forward(Tensor x) => towerA.call(x) + towerB.call(x);
}

/// <summary>Native-backed modules tied whole: Embedding converts its tensors in place on to(...).</summary>
public partial class TiedEmbeddings : Module<Tensor, Tensor>
{
    public const double Lambda = 0.2;

    [Tied("vocab", Lambda = 0.2)] private readonly Embedding source;
    [Tied("vocab", Lambda = 0.2)] private readonly Embedding target;

    public TiedEmbeddings() : base(nameof(TiedEmbeddings))
    {
        source = Embedding(7, 3);
        target = Embedding(7, 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens) => source.call(tokens) + target.call(tokens);
}

/// <summary>Three Parameter fields of the model itself in one group.</summary>
public partial class TiedScales : Module<Tensor, Tensor>
{
    public const double Lambda = 0.5;

    [Tied("scale", Lambda = 0.5)] private readonly Parameter first;
    [Tied("scale", Lambda = 0.5)] private readonly Parameter second;
    [Tied("scale", Lambda = 0.5)] private readonly Parameter third;

    public TiedScales(Tensor a, Tensor b, Tensor c) : base(nameof(TiedScales))
    {
        first = Parameter(a);
        second = Parameter(b);
        third = Parameter(c);
        RegisterComponents();
    }

    public Parameter First => Registered("first");
    public Parameter Second => Registered("second");
    public Parameter Third => Registered("third");

    private Parameter Registered(string name) => named_parameters(recurse: false).First(p => p.name == name).parameter;

    public override Tensor forward(Tensor x) => x * first * second * third;
}

/// <summary>The same three Parameter fields with the L1 distance.</summary>
public partial class TiedScalesL1 : Module<Tensor, Tensor>
{
    public const double Lambda = 0.25;

    [Tied("scale", Lambda = 0.25, Norm = TieNorm.L1)] private readonly Parameter first;
    [Tied("scale", Lambda = 0.25, Norm = TieNorm.L1)] private readonly Parameter second;
    [Tied("scale", Lambda = 0.25, Norm = TieNorm.L1)] private readonly Parameter third;

    public TiedScalesL1(Tensor a, Tensor b, Tensor c) : base(nameof(TiedScalesL1))
    {
        first = Parameter(a);
        second = Parameter(b);
        third = Parameter(c);
        RegisterComponents();
    }

    public Parameter First => named_parameters(recurse: false).First(p => p.name == "first").parameter;

    public override Tensor forward(Tensor x) => x * first * second * third;
}

/// <summary>Heads tied by Member = "weight": the weights are tied, the biases stay free.</summary>
public partial class TiedHeadWeights : Module<Tensor, Tensor>
{
    public const double Lambda = 2.0;

    [Tied("head", Lambda = 2.0, Member = "weight")] private readonly Linear headA;
    [Tied("head", Lambda = 2.0, Member = "weight")] private readonly Linear headB;

    public TiedHeadWeights() : base(nameof(TiedHeadWeights))
    {
        headA = Linear(5, 2);
        headB = Linear(5, 2);
        RegisterComponents();
    }

    public Linear HeadA => headA;
    public Linear HeadB => headB;

    public override Tensor forward(Tensor x) => headA.call(x) - headB.call(x);
}

/// <summary>A Member path into a nested module: only the second layer of each block is tied.</summary>
public partial class TiedDeepMember : Module<Tensor, Tensor>
{
    public const double Lambda = 0.3;

    [Tied("inner", Lambda = 0.3, Member = "1")] private readonly Sequential blockA;
    [Tied("inner", Lambda = 0.3, Member = "1")] private readonly Sequential blockB;

    public TiedDeepMember() : base(nameof(TiedDeepMember))
    {
        blockA = Sequential(Linear(3, 4), Linear(4, 4));
        blockB = Sequential(Linear(3, 4), Linear(4, 4));
        RegisterComponents();
    }

    public Sequential BlockA => blockA;
    public Sequential BlockB => blockB;

    public override Tensor forward(Tensor x) => blockA.call(x) + blockB.call(x);
}

/// <summary>k layers of a ModuleList in one group, squared L2: every layer is a member.</summary>
public partial class TiedLayerList : Module<Tensor, Tensor>
{
    public const double Lambda = 0.125;

    [Tied("layers", Lambda = 0.125)] private readonly ModuleList<Linear> layers;

    public TiedLayerList(int count, long width = 3) : base(nameof(TiedLayerList))
    {
        layers = new ModuleList<Linear>();
        for (int i = 0; i < count; i++)
            layers.Add(Linear(width, width));
        RegisterComponents();
    }

    public ModuleList<Linear> Layers => layers;

    public override Tensor forward(Tensor x)
    {
        foreach (var layer in layers)
            x = functional.tanh(layer.call(x));
        return x;
    }
}

/// <summary>k layers of a ModuleList in one group with the L1 distance.</summary>
public partial class TiedLayerListL1 : Module<Tensor, Tensor>
{
    public const double Lambda = 0.75;

    [Tied("layers", Lambda = 0.75, Norm = TieNorm.L1)] private readonly ModuleList<Linear> layers;

    public TiedLayerListL1(int count, long width = 3) : base(nameof(TiedLayerListL1))
    {
        layers = new ModuleList<Linear>();
        for (int i = 0; i < count; i++)
            layers.Add(Linear(width, width));
        RegisterComponents();
    }

    public ModuleList<Linear> Layers => layers;

    public override Tensor forward(Tensor x)
    {
        foreach (var layer in layers)
            x = functional.tanh(layer.call(x));
        return x;
    }
}

/// <summary>An array of gates whose elements the model registers itself, as TorchSharp needs for arrays.</summary>
public partial class TiedGateArray : Module<Tensor, Tensor>
{
    public const double Lambda = 0.2;

    [Tied("gate", Lambda = 0.2, Member = "weight")] private readonly Linear[] gates;

    public TiedGateArray(int count) : base(nameof(TiedGateArray))
    {
        gates = new Linear[count];
        for (int i = 0; i < count; i++)
        {
            gates[i] = Linear(3, 3);
            register_module($"gate{i}", gates[i]);
        }
        RegisterComponents();
    }

    public Linear[] Gates => gates;

    public override Tensor forward(Tensor x) => gates.Aggregate(x, (h, gate) => gate.call(h));
}

/// <summary>An array of gates the model does not register itself: TorchSharp skips arrays, the generated code does not.</summary>
public partial class AnnotatedGateArray : Module<Tensor, Tensor>
{
    [Tied("gate", Lambda = 0.2)] private readonly Linear[] gates;

    public AnnotatedGateArray() : base(nameof(AnnotatedGateArray))
    {
        gates = new[] { Linear(3, 3), Linear(3, 3) };
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => gates.Aggregate(x, (h, gate) => gate.call(h));
}

/// <summary>Two tied models nested in a third, which ties their first towers to each other as well.</summary>
public partial class NestedTiedModel : Module<Tensor, Tensor>
{
    public const double Lambda = 0.05;

    [Tied("outer", Lambda = 0.05, Member = "towerA")] private readonly TiedTowers left;
    [Tied("outer", Lambda = 0.05, Member = "towerA")] private readonly TiedTowers right;
    private readonly TiedScales scales;

    public NestedTiedModel() : base(nameof(NestedTiedModel))
    {
        left = new TiedTowers();
        right = new TiedTowers();
        scales = new TiedScales(torch.randn(3), torch.randn(3), torch.randn(3));
        RegisterComponents();
    }

    public TiedTowers Left => left;
    public TiedTowers Right => right;
    public TiedScales Scales => scales;

    public override Tensor forward(Tensor x) => scales.call(left.call(x) + right.call(x));
}

/// <summary>A single-member group: nothing to tie inside the model, tied to other models by Tying.Penalty.</summary>
public partial class FeatureClassifier : Module<Tensor, Tensor>
{
    public const double Lambda = 0.4;

    [Tied("features", Lambda = 0.4)] private readonly Linear features;
    private readonly Linear head;

    public FeatureClassifier(long input = 6, long hidden = 5) : base(nameof(FeatureClassifier))
    {
        features = Linear(input, hidden);
        head = Linear(hidden, 2);
        RegisterComponents();
    }

    public Linear Features => features;

    public override Tensor forward(Tensor x) => head.call(functional.relu(features.call(x)));
}

/// <summary>The other side of the cross-model tie: its own features and a second member inside it.</summary>
public partial class FeatureAutoencoder : Module<Tensor, Tensor>
{
    [Tied("features", Lambda = 0.4)] private readonly Linear encoder;
    [Tied("features", Lambda = 0.4)] private readonly Linear encoderCopy;
    private readonly Linear decoder;

    public FeatureAutoencoder(long input = 6, long hidden = 5) : base(nameof(FeatureAutoencoder))
    {
        encoder = Linear(input, hidden);
        encoderCopy = Linear(input, hidden);
        decoder = Linear(hidden, input);
        RegisterComponents();
    }

    public Linear Encoder => encoder;
    public Linear EncoderCopy => encoderCopy;

    public override Tensor forward(Tensor x) => decoder.call(functional.relu(encoder.call(x) + encoderCopy.call(x)));
}

/// <summary>A model whose features have another width than the classifier's: tying them must fail clearly.</summary>
public partial class WideFeatureModel : Module<Tensor, Tensor>
{
    [Tied("features", Lambda = 0.4)] private readonly Linear features;

    public WideFeatureModel() : base(nameof(WideFeatureModel))
    {
        features = Linear(6, 7);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => features.call(x);
}

/// <summary>The same key with another Lambda: a tie across models needs one.</summary>
public partial class OtherLambdaFeatureModel : Module<Tensor, Tensor>
{
    [Tied("features", Lambda = 0.9)] private readonly Linear features;

    public OtherLambdaFeatureModel() : base(nameof(OtherLambdaFeatureModel))
    {
        features = Linear(6, 5);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => features.call(x);
}

/// <summary>Tied towers whose shapes differ: the penalty cannot be defined.</summary>
public partial class MismatchedTowers : Module<Tensor, Tensor>
{
    [Tied("tower", Lambda = 0.1)] private readonly Linear towerA;
#pragma warning disable DECL002 // deliberately wrong: the test checks the run-time error for it
    [Tied("tower", Lambda = 0.1)] private readonly Linear towerB;
#pragma warning restore DECL002

    public MismatchedTowers() : base(nameof(MismatchedTowers))
    {
        towerA = Linear(4, 3);
        towerB = Linear(4, 5);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => towerA.call(x).sum(1) + towerB.call(x).sum(1);
}

/// <summary>Tied modules of different types whose parameters differ in name.</summary>
public partial class MismatchedModules : Module<Tensor, Tensor>
{
    [Tied("mixed", Lambda = 0.1)] private readonly Linear linear;
#pragma warning disable DECL005 // deliberately wrong: the test checks the run-time error for it
    [Tied("mixed", Lambda = 0.1)] private readonly Embedding embedding;
#pragma warning restore DECL005

    public MismatchedModules() : base(nameof(MismatchedModules))
    {
        linear = Linear(4, 4);
        embedding = Embedding(4, 4);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => linear.call(embedding.call(x));
}

/// <summary>Shared embeddings and tied mixers in one model: both mechanisms through to(...) and checkpoints.</summary>
public partial class SharedAndTiedModel : Module<Tensor, Tensor>
{
    public const double Lambda = 0.5;

    [Shared("vocab", Member = "weight")] private readonly Embedding embed;
    [Shared("vocab", Member = "weight")] private readonly Linear head;
    [Tied("mix", Lambda = 0.5)] private readonly Linear mixA;
    [Tied("mix", Lambda = 0.5)] private readonly Linear mixB;

    public SharedAndTiedModel() : base(nameof(SharedAndTiedModel))
    {
        embed = Embedding(10, 4);
        head = Linear(4, 10, hasBias: false);
        mixA = Linear(4, 4);
        mixB = Linear(4, 4);
        RegisterComponents();
    }

    public Embedding Embed => embed;
    public Linear Head => head;
    public Linear MixA => mixA;
    public Linear MixB => mixB;

    public override Tensor forward(Tensor tokens) => head.call(mixB.call(mixA.call(embed.call(tokens))));
}

/// <summary>A plain model with a backbone and a head, for anchoring.</summary>
public class Finetuned : Module<Tensor, Tensor>
{
    private readonly Sequential backbone;
    private readonly Linear head;

    public Finetuned() : base(nameof(Finetuned))
    {
        backbone = Sequential(Linear(4, 6), Tanh(), Linear(6, 6));
        head = Linear(6, 2);
        RegisterComponents();
    }

    public Sequential Backbone => backbone;
    public Linear Head => head;

    public override Tensor forward(Tensor x) => head.call(functional.tanh(backbone.call(x)));
}
