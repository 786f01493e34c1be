// A consumer of the package with two of each mistake that has a code fix; Fixed.*.cs are these files after one
// `dotnet format` run (DotNetFormatTests).
using Declarative;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Consumer;

// DECL001: the head is built the wrong way round; the first fix (fitting a Linear beside an Embedding) swaps its sizes.
public partial class LanguageModelA : Module<Tensor, Tensor>
{
    [Shared("vocab", Member = "weight")] private readonly Embedding embed;
    [Shared("vocab", Member = "weight")] private readonly Linear head;

    public LanguageModelA(long vocab, long dim) : base(nameof(LanguageModelA))
    {
        embed = Embedding(vocab, dim);
        head = Linear(dim, vocab, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

// DECL001: the decoder is the encoder's transpose; the first fix (fitting a Linear beside a Linear) sets Transpose.
public partial class AutoencoderA : Module<Tensor, Tensor>
{
    [Shared("codec", Member = "weight")] private readonly Linear encoder = Linear(784, 32);
    [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder = Linear(32, 784);

    public AutoencoderA() : base(nameof(AutoencoderA))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => decoder.call(encoder.call(x));
}

// DECL003: marked Transpose but already the owner's shape; the fix removes Transpose.
public partial class TwinsA : Module<Tensor, Tensor>
{
    [Shared("twin", Member = "weight")] private readonly Linear left = Linear(8, 4);
    [Shared("twin", Member = "weight")] private readonly Linear right = Linear(8, 4);

    public TwinsA() : base(nameof(TwinsA))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => right.call(x) + left.call(x);
}

// DECL008: a mistyped key; the fix uses 'tower'.
public partial class TowersA : Module<Tensor, Tensor>
{
    [Tied("tower", Lambda = 0.1)] private readonly Linear a = Linear(4, 4);
    [Tied("tower", Lambda = 0.1)] private readonly Linear b = Linear(4, 4);
    [Tied("tower", Lambda = 0.1)] private readonly Linear c = Linear(4, 4);

    public TowersA() : base(nameof(TowersA))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => a.call(x) + b.call(x) + c.call(x);
}

// DECL012: not partial; the fix adds the modifier.
public partial class SiameseA : Module<Tensor, Tensor>
{
    [Shared("tower")] private readonly Linear left = Linear(4, 4);
    [Shared("tower")] private readonly Linear right = Linear(4, 4);

    public SiameseA() : base(nameof(SiameseA))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => left.call(x) - right.call(x);
}

// DECL020: the constructor never calls RegisterComponents(); the fix appends the call.
public partial class UnregisteredA : Module<Tensor, Tensor>
{
    [Shared("layer")] private readonly Linear first;
    [Shared("layer")] private readonly Linear second;

    public UnregisteredA(long width) : base(nameof(UnregisteredA))
    {
        first = Linear(width, width);
        second = Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => second.call(first.call(x));
}

// DECL027: PyBridge's load_py bypasses the shared group; the fix calls Declarative's LoadPyTorch, which keeps it.
public static class PortA
{
    public static void Load(LanguageModelA model, string path)
    {
        model.LoadPyTorch(path);
    }
}
