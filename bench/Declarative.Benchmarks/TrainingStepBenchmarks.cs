using System.Collections.Generic;
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

/// <summary>
/// One training step of ALBERT-base with all layers shared (12 layers of H=768, E=128; a batch of 4 sequences of 32
/// tokens): the generated sharing (`[Shared("layer")]` on a ModuleList of 12 layers) against the same encoder shared
/// correctly by hand (one layer object applied 12 times).
/// </summary>
[BenchmarkCategory("training")]
public class AlbertStepBenchmarks
{
    private Declarative.Gallery.Systems.Albert.AlbertEncoder _generated = null!, _byHand = null!;
    private optim.Optimizer _generatedOptimizer = null!, _byHandOptimizer = null!;
    private Tensor _tokens = null!, _types = null!;

    [GlobalSetup]
    public void Setup()
    {
        // One intra-op thread: the ratios compare work done, undisturbed by how busy the other core is.
        torch.set_num_threads(1);
        manual_seed(0);
        var config = Declarative.Gallery.Systems.Albert.AlbertConfig.Base(128);
        _generated = new Declarative.Gallery.Systems.Albert.AlbertAllShared(config);
        _byHand = new HandSharedAlbert(config);
        _generatedOptimizer = optim.Adam(_generated.parameters(), lr: 1e-4);
        _byHandOptimizer = optim.Adam(_byHand.parameters(), lr: 1e-4);
        _tokens = randint(0, config.Vocab, new long[] { 4, 32 });
        _types = zeros(new long[] { 4, 32 }, dtype: int64);
    }

    [Benchmark(Baseline = true, Description = "shared by hand")]
    public float ByHand() => Step(_byHand, _byHandOptimizer);

    [Benchmark(Description = "generated [Shared]")]
    public float Generated() => Step(_generated, _generatedOptimizer);

    private float Step(Declarative.Gallery.Systems.Albert.AlbertEncoder model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = model.call(_tokens, _types).square().mean();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

/// <summary>ALBERT's all-shared encoder written by hand: one layer, registered once, applied at every depth.</summary>
public sealed class HandSharedAlbert : Declarative.Gallery.Systems.Albert.AlbertEncoder
{
    private readonly Declarative.Gallery.Systems.Albert.AlbertLayer layer;
    private readonly Declarative.Gallery.Systems.Albert.AlbertLayer[] depth;

    public HandSharedAlbert(Declarative.Gallery.Systems.Albert.AlbertConfig config) : base(nameof(HandSharedAlbert), config, null)
    {
        layer = new Declarative.Gallery.Systems.Albert.AlbertLayer(config, null);
        depth = Enumerable.Repeat(layer, config.Layers).ToArray();
        RegisterComponents();
    }

    public override IList<Declarative.Gallery.Systems.Albert.AlbertLayer> Layers => depth;
}
