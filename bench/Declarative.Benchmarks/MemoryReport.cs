using System.IO;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Benchmarks;

/// <summary>
/// Bytes of parameters and of Adam's state for shared models against their unshared versions, after one training
/// step. A shared model must hold exactly the bytes of its unique parameters, optimizer state included.
/// </summary>
public static class MemoryReport
{
    public static void Print(TextWriter output)
    {
        output.WriteLine("| model | parameters (by hand) | parameter bytes | Adam state bytes | exactly 4 and 8 bytes per unique parameter |");
        output.WriteLine("|---|---:|---:|---:|---|");
        Row(output, "LM, vocab 10,000, width 256, tied", new TiedLanguageModel(10_000, 256), 10_000L * 256, Tokens);
        Row(output, "LM, vocab 10,000, width 256, untied", new UntiedLanguageModel(10_000, 256), 2 * 10_000L * 256, Tokens);
        Row(output, "12 layers of 512, all shared", new SharedLayers(12, 512), 512L * 512 + 512, Activations);
        Row(output, "12 layers of 512, not shared", new PlainLayers(12, 512), 12 * (512L * 512 + 512), Activations);
    }

    private static Tensor Tokens() => arange(32, dtype: int64);

    private static Tensor Activations() => ones(4, 512);

    private static void Row(TextWriter output, string name, Module<Tensor, Tensor> model, long expectedParameters, System.Func<Tensor> input)
    {
        using var scope = NewDisposeScope();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        model.call(input()).sum().backward();
        optimizer.step();

        long parameterBytes = model.parameters().Sum(p => p.numel() * p.element_size());
        long stateBytes = optimizer.state_dict().State
            .OfType<TorchSharp.Modules.Adam.State>()
            .Sum(s => s.exp_avg.numel() * s.exp_avg.element_size() + s.exp_avg_sq.numel() * s.exp_avg_sq.element_size());
        bool exact = parameterBytes == 4 * expectedParameters && stateBytes == 8 * expectedParameters;
        output.WriteLine($"| {name} | {expectedParameters:N0} | {parameterBytes:N0} | {stateBytes:N0} | {(exact ? "yes" : "no")} |");
    }
}

public partial class TiedLanguageModel : Module<Tensor, Tensor>
{
    [Declarative.Shared("vocab", Member = "weight")] private readonly Embedding embed;
    [Declarative.Shared("vocab", Member = "weight")] private readonly Linear head;

    public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
    {
        embed = Embedding(vocab, dim);
        head = Linear(dim, vocab, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

/// <summary>The same language model, tied correctly by hand: the head borrows the embedding's weight.</summary>
public class HandTiedLanguageModel : Module<Tensor, Tensor>
{
    private readonly Embedding embed;

    public HandTiedLanguageModel(long vocab, long dim) : base(nameof(HandTiedLanguageModel))
    {
        embed = Embedding(vocab, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var weight = embed.weight!;
        return functional.linear(embed.call(tokens), weight);
    }
}

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

    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
}

/// <summary>A stack of layers with one set of weights (ALBERT's all-shared strategy).</summary>
public partial class SharedLayers : Module<Tensor, Tensor>
{
    [Declarative.Shared("layer")] private readonly ModuleList<Linear> layers = new();

    public SharedLayers(int depth, long width) : base(nameof(SharedLayers))
    {
        for (int i = 0; i < depth; i++)
            layers.Add(Linear(width, width));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.Aggregate(x, (h, layer) => functional.tanh(layer.call(h)));
}

/// <summary>The same stack with weights of its own in every layer.</summary>
public class PlainLayers : Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers = new();

    public PlainLayers(int depth, long width) : base(nameof(PlainLayers))
    {
        for (int i = 0; i < depth; i++)
            layers.Add(Linear(width, width));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.Aggregate(x, (h, layer) => functional.tanh(layer.call(h)));
}
