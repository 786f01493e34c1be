using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Albert;

/// <summary>One row of the sharing ablation: a strategy, an embedding size, our exact count and the paper's figure.</summary>
public sealed record AlbertAblationRow(AlbertSharing Sharing, long EmbeddingSize, long Parameters, double PaperMillions)
{
    public double Millions => Parameters / 1e6;

    /// <summary>Our count relative to the paper's figure, minus one.</summary>
    public double RelativeDifference => Millions / PaperMillions - 1;
}

/// <summary>What training the small all-shared encoder gave.</summary>
/// <param name="Losses">The training loss at each step.</param>
/// <param name="HeldOutAccuracy">Accuracy on 1,000 fresh sequences.</param>
/// <param name="OneTensorSet">Whether every layer's tensors are views of the first layer's.</param>
/// <param name="UniqueParameters">Parameters of the encoder and classifier, shared tensors counted once.</param>
/// <param name="ParametersWithoutSharing">The same with the not-shared encoder.</param>
public sealed record AlbertTraining(IReadOnlyList<double> Losses, double HeldOutAccuracy, bool OneTensorSet, long UniqueParameters, long ParametersWithoutSharing);

/// <summary>
/// ALBERT's cross-layer parameter sharing: the four strategies of the paper's ablation, which differ only in the
/// attributes on the layers field, counted at base size, and the all-shared one trained on a synthetic task.
/// </summary>
public sealed class AlbertSample : ISample
{
    /// <summary>
    /// How far our counts may be from the paper's. The paper gives whole millions and does not say what it
    /// counts; ours are the embedding tables and their LayerNorm, the E -> H projection, the L layers and the pooler
    /// (no pretraining heads). At E=128 ours are 0.30M to 0.34M below the paper's figures and 0.65M above for
    /// not-shared; at E=768 they are 0.69M to 0.73M above, about the size of the projection (0.59M), which a model
    /// with E = H can do without, and 1.67M above for not-shared (108M, the figure the paper also gives for
    /// BERT-base). The largest relative difference is 2.6% (all-shared, E=128: 11.7M against 12M).
    /// </summary>
    public const double PaperTolerance = 0.03;

    /// <summary>The parameter column of Lan et al. (2020), Table 4, in millions.</summary>
    public static readonly IReadOnlyDictionary<(AlbertSharing, long), double> PaperMillions = new Dictionary<(AlbertSharing, long), double>
    {
        [(AlbertSharing.AllShared, 128)] = 12, [(AlbertSharing.SharedAttention, 128)] = 64,
        [(AlbertSharing.SharedFfn, 128)] = 38, [(AlbertSharing.NotShared, 128)] = 89,
        [(AlbertSharing.AllShared, 768)] = 31, [(AlbertSharing.SharedAttention, 768)] = 83,
        [(AlbertSharing.SharedFfn, 768)] = 57, [(AlbertSharing.NotShared, 768)] = 108,
    };

    /// <summary>The small configuration that is trained: H = 64, L = 4, E = 16, a vocabulary of 100.</summary>
    public static readonly AlbertConfig Small = new(Vocab: 100, Positions: Length, TokenTypes: 2, EmbeddingSize: 16, Hidden: 64, Layers: 4, Heads: 4, FeedForward: 256);

    private const int Length = 8;
    private const long FirstWord = 2;
    private const long LowWords = 49;
    private const int Batch = 64;

    public string Name => "albert";
    public string System => "ALBERT (Lan et al. 2020)";
    public string Mechanism => "encoder layers share parameters, the strategy chosen by attributes";

    /// <summary>The parameters of ALBERT-base with <paramref name="sharing"/>, counted on torch.META: nothing is allocated.</summary>
    public static long CountBase(AlbertSharing sharing, long embeddingSize)
    {
        using var model = AlbertEncoder.Create(sharing, AlbertConfig.Base(embeddingSize), META);
        return model.parameters().Sum(p => p.numel());
    }

    /// <summary>The ablation's parameter column for E = 128 and E = 768, counted exactly.</summary>
    public static IReadOnlyList<AlbertAblationRow> Ablation()
        => new long[] { 128, 768 }
            .SelectMany(e => Enum.GetValues<AlbertSharing>().Select(s => new AlbertAblationRow(s, e, CountBase(s, e), PaperMillions[(s, e)])))
            .ToList();

    public SampleReport Run(SampleContext context)
    {
        var output = context.Output;
        var rows = Ablation();
        output.WriteLine("   ALBERT-base parameters by sharing strategy (ours counted exactly on torch.META; the paper's, Table 4, in whole millions):");
        output.WriteLine($"   {"strategy",-17} {"E",4} {"ours",8} {"paper",7}");
        foreach (var row in rows)
            output.WriteLine($"   {Label(row.Sharing),-17} {row.EmbeddingSize,4} {row.Millions,7:F1}M {row.PaperMillions,6:F0}M");
        var farthest = rows.MaxBy(r => Math.Abs(r.RelativeDifference))!;
        bool countsMatch = rows.All(r => Math.Abs(r.RelativeDifference) <= PaperTolerance);
        output.WriteLine($"   largest difference from the paper: {farthest.RelativeDifference:+0.0%;-0.0%} ({Label(farthest.Sharing)}, E={farthest.EmbeddingSize})");

        int steps = context.Steps(120);
        var training = TrainAllShared(steps, step => context.TrainingStep(step, steps));
        var losses = training.Losses;
        output.WriteLine($"   all-shared ALBERT (H={Small.Hidden}, L={Small.Layers}, E={Small.EmbeddingSize}), task \"are most words low?\": " +
                         $"loss {losses[0]:F3} -> {losses[^1]:F3} in {losses.Count} steps, held-out accuracy {100 * training.HeldOutAccuracy:F1}%");
        output.WriteLine($"   its {Small.Layers} layers are views of one tensor set: {(training.OneTensorSet ? "yes" : "NO")}");

        return new SampleReport(training.UniqueParameters, training.ParametersWithoutSharing, losses,
            $"the four strategies' counts within {100 * PaperTolerance:F0}% of the paper's; all-shared layers are one tensor set",
            countsMatch && training.OneTensorSet)
        {
            Charts = new[] { AblationChart(rows) },
        };
    }

    /// <summary>The ablation's parameter column as grouped bars: ours and the paper's, for each strategy and E.</summary>
    private static SampleChart AblationChart(IReadOnlyList<AlbertAblationRow> rows)
    {
        var strategies = Enum.GetValues<AlbertSharing>();
        ChartSeries Series(string label, long embeddingSize, Func<AlbertAblationRow, double> value)
            => new(label, strategies.Select(s => value(rows.Single(r => r.Sharing == s && r.EmbeddingSize == embeddingSize))).ToList());

        return new SampleChart("albert-ablation.png", "ALBERT-base parameters by sharing strategy (millions)",
            "sharing strategy", "parameters (millions)",
            new[]
            {
                Series("E = 128, counted", 128, r => r.Millions),
                Series("E = 128, paper", 128, r => r.PaperMillions),
                Series("E = 768, counted", 768, r => r.Millions),
                Series("E = 768, paper", 768, r => r.PaperMillions),
            },
            strategies.Select(Label).ToList());
    }

    /// <summary>
    /// Trains the <see cref="Small"/> all-shared encoder with a linear classifier on its pooled output for
    /// <paramref name="steps"/> Adam steps of fresh batches.
    /// </summary>
    public static AlbertTraining TrainAllShared(int steps, Action<int>? onStep = null)
    {
        torch.manual_seed(17);
        using var encoder = new AlbertAllShared(Small);
        using var classifier = Linear(Small.Hidden, 2);
        var parameters = encoder.parameters().Concat(classifier.parameters()).ToList();
        var optimizer = optim.Adam(parameters, lr: 1e-3);

        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (tokens, types, labels) = Examples(Batch);
            optimizer.zero_grad();
            var loss = functional.cross_entropy(classifier.call(encoder.call(tokens, types)), labels);
            loss.backward();
            optimizer.step();
            onStep?.Invoke(step + 1);
            losses.Add(loss.item<float>());
        }

        double accuracy;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var (tokens, types, labels) = Examples(1_000);
            accuracy = classifier.call(encoder.call(tokens, types)).argmax(1).eq(labels).to(float32).mean().item<float>();
        }

        var first = encoder.Layers[0].parameters().ToList();
        bool oneTensorSet = encoder.Layers.Skip(1).All(layer => layer.parameters().Zip(first).All(p => TensorStorage.Same(p.First, p.Second)));

        long unique = parameters.Sum(p => p.numel());
        long withoutSharing;
        using (var unshared = new AlbertNotShared(Small, META))
            withoutSharing = unshared.parameters().Sum(p => p.numel()) + classifier.parameters().Sum(p => p.numel());
        return new AlbertTraining(losses, accuracy, oneTensorSet, unique, withoutSharing);
    }

    /// <summary>
    /// Random sequences: [CLS] then <see cref="Length"/> - 1 words, segment A then B. The label says whether most
    /// words are low (ids below <see cref="FirstWord"/> + <see cref="LowWords"/>): a task every position bears on.
    /// </summary>
    private static (Tensor Tokens, Tensor Types, Tensor Labels) Examples(int count)
    {
        var words = torch.randint(FirstWord, Small.Vocab, new long[] { count, Length - 1 });
        var cls = torch.zeros(count, 1, dtype: int64);
        var tokens = torch.cat(new[] { cls, words }, 1);
        var types = (torch.arange(Length) >= Length / 2).to(int64).expand(count, Length);
        var labels = (words < FirstWord + LowWords).sum(1) > (Length - 1) / 2;
        return (tokens, types, labels.to(int64));
    }

    private static string Label(AlbertSharing sharing) => sharing switch
    {
        AlbertSharing.AllShared => "all-shared",
        AlbertSharing.SharedAttention => "shared-attention",
        AlbertSharing.SharedFfn => "shared-FFN",
        _ => "not-shared",
    };
}
