// A consumer of the package with two of each mistake that has a code fix; Fixed.*.cs are these files after one
// `dotnet format` run (DotNetFormatTests).
using Declarative;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Consumer;

// DECL020 on a primary constructor; the fix makes it an explicit constructor that calls RegisterComponents().
public partial class UnregisteredB : Module<Tensor, Tensor>
{
    [Shared("layer")] private readonly Linear first;
    [Shared("layer")] private readonly Linear second;

    public UnregisteredB(long width) : base(nameof(UnregisteredB))
    {
        first = Linear(width, width);
        second = Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => second.call(first.call(x));
}

// DECL012: not partial; the fix adds the modifier.
public partial class SiameseB : Module<Tensor, Tensor>
{
    [Shared("tower")] private readonly Linear left = Linear(4, 4);
    [Shared("tower")] private readonly Linear right = Linear(4, 4);

    public SiameseB() : base(nameof(SiameseB))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => left.call(x) - right.call(x);
}

// DECL008: a mistyped key with another suggestion than TowersA's; the fix uses 'encoder'.
public partial class TowersB : Module<Tensor, Tensor>
{
    [Shared("encoder")] private readonly Linear a = Linear(4, 4);
    [Shared("encoder")] private readonly Linear b = Linear(4, 4);
    [Shared("encoder")] private readonly Linear c = Linear(4, 4);

    public TowersB() : base(nameof(TowersB))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => a.call(x) + b.call(x) + c.call(x);
}

// DECL003: marked Transpose but already the owner's shape; the fix removes Transpose.
public partial class TwinsB : Module<Tensor, Tensor>
{
    [Shared("twin", Member = "weight")] private readonly Linear left = Linear(6, 3);
    [Shared("twin", Member = "weight")] private readonly Linear right = Linear(6, 3);

    public TwinsB() : base(nameof(TwinsB))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => right.call(x) + left.call(x);
}

// DECL001: the decoder is the encoder's transpose; the fix sets Transpose.
public partial class AutoencoderB : Module<Tensor, Tensor>
{
    [Shared("codec", Member = "weight")] private readonly Linear encoder;
    [Shared("codec", Member = "weight", Transpose = true)] private readonly Linear decoder;

    public AutoencoderB(long input, long code) : base(nameof(AutoencoderB))
    {
        encoder = Linear(input, code);
        decoder = Linear(code, input);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => decoder.call(encoder.call(x));
}

// DECL001: the head is built the wrong way round; the fix swaps its sizes.
public partial class LanguageModelB : Module<Tensor, Tensor>
{
    [Shared("vocab", Member = "weight")] private readonly Embedding embed = Embedding(1000, 64);
    [Shared("vocab", Member = "weight")] private readonly Linear head = Linear(64, 1000, hasBias: false);

    public LanguageModelB() : base(nameof(LanguageModelB))
    {
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

// DECL027: PyBridge's load_py bypasses the shared group; the fix calls Declarative's LoadPyTorch, which keeps it.
public static class PortB
{
    public static void Load(LanguageModelB model, string path)
    {
        model.LoadPyTorch(path);
    }
}
