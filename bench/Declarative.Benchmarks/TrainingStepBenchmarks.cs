using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Benchmarks;

/// <summary>
/// One training step (forward, cross-entropy, backward, Adam) of a tied language model: the generated sharing
/// against the same model tied correctly by hand (the head borrows the embedding's weight).
/// </summary>
[BenchmarkCategory("training")]
public class TiedLanguageModelStepBenchmarks
{
    private const long Vocab = 10_000, Width = 256;
    private Module<Tensor, Tensor> _generated = null!, _byHand = null!;
    private optim.Optimizer _generatedOptimizer = null!, _byHandOptimizer = null!;
    private Tensor _tokens = null!, _targets = null!;

    [GlobalSetup]
    public void Setup()
    {
        // One intra-op thread: the ratios compare work done, undisturbed by how busy the other core is.
        torch.set_num_threads(1);
        manual_seed(0);
        _generated = new TiedLanguageModel(Vocab, Width);
        _byHand = new HandTiedLanguageModel(Vocab, Width);
        _generatedOptimizer = optim.Adam(_generated.parameters(), lr: 1e-3);
        _byHandOptimizer = optim.Adam(_byHand.parameters(), lr: 1e-3);
        _tokens = randint(0, Vocab, new long[] { 256 });
        _targets = randint(0, Vocab, new long[] { 256 });
    }

    [Benchmark(Baseline = true, Description = "tied by hand")]
    public float ByHand() => Step(_byHand, _byHandOptimizer);

    [Benchmark(Description = "generated [Shared]")]
    public float Generated() => Step(_generated, _generatedOptimizer);

    private float Step(Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = functional.cross_entropy(model.call(_tokens), _targets);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
