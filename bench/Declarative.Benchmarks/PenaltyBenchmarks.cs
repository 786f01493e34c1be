using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Benchmarks;

/// <summary>
/// The tying penalty of k tied 768x768 matrices, forward and backward: the generated code (TyingPenalty() of a model
/// with a tied ModuleList) against a naive loop over the k(k-1)/2 pairs and against the floor of one reduction per
/// tensor (the sum of ||w_i||², which any penalty over k tensors must at least read).
/// </summary>
[BenchmarkCategory("penalty")]
public class PenaltyBenchmarks
{
    private TiedLayers _model = null!;
    private List<Parameter> _weights = null!;

    [Params(2, 4, 12, 24)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // One intra-op thread: the ratios compare work done, undisturbed by how busy the other core is.
        torch.set_num_threads(1);
        manual_seed(0);
        _model = new TiedLayers(K, 768);
        _weights = _model.parameters().ToList();
    }

    [Benchmark(Baseline = true, Description = "floor: sum of ||w_i||^2")]
    public float Floor() => Backward(() =>
    {
        Tensor total = _weights[0].square().sum();
        for (int i = 1; i < _weights.Count; i++)
            total = total + _weights[i].square().sum();
        return total;
    });

    [Benchmark(Description = "generated TyingPenalty()")]
    public float Generated() => Backward(() => _model.TyingPenalty());

    [Benchmark(Description = "naive pairwise loop")]
    public float Naive() => Backward(() =>
    {
        Tensor total = zeros(1);
        for (int i = 0; i < _weights.Count; i++)
            for (int j = i + 1; j < _weights.Count; j++)
                total = total + 0.1 * (_weights[i] - _weights[j]).square().sum();
        return total;
    });

    private float Backward(System.Func<Tensor> penalty)
    {
        using var scope = NewDisposeScope();
        foreach (var weight in _weights)
            weight.grad?.zero_();    // reuse the gradient buffers: allocating them anew would dominate
        var value = penalty();
        value.backward();
        return value.item<float>();
    }
}

/// <summary>k square matrices, all in one tie group through a tied collection.</summary>
public partial class TiedLayers : Module<Tensor, Tensor>
{
    [Declarative.Tied("w", Lambda = 0.1)] private readonly ModuleList<Linear> layers;

    public TiedLayers(int k, long width) : base(nameof(TiedLayers))
    {
        layers = new ModuleList<Linear>();
        for (int i = 0; i < k; i++)
            layers.Add(Linear(width, width, hasBias: false));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.Aggregate(x, (h, layer) => layer.call(h));
}
