using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.TiedEmbeddings;

/// <summary>
/// Tied input and output embeddings: GPT-2 small counted tied and untied on torch.META (nothing allocated), and a
/// small tied GPT-2 trained on a corpus drawn from a Markov chain.
/// </summary>
public sealed class TiedLanguageModelSample : ISample
{
    /// <summary>GPT-2 small's published parameter count, with its head tied to the token embedding.</summary>
    public const long PublishedTied = 124_439_808;

    /// <summary>The same with a separate head: 50,257 x 768 = 38,597,376 more.</summary>
    public const long PublishedUntied = 163_037_184;

    /// <summary>The model that is trained: vocabulary 50, 32 positions, width 32, 2 layers of 2 heads.</summary>
    public static readonly Gpt2Config Tiny = new(Vocab: 50, Positions: 32, Width: 32, Layers: 2, Heads: 2);

    private const int Successors = 3;
    private const int CorpusLength = 20_000;
    private const int Batch = 32;

    public string Name => "tied-lm";
    public string System => "Tied word embeddings (Press and Wolf 2017)";
    public string Mechanism => "the output projection is the input embedding";

    /// <summary>The parameters of <paramref name="config"/>, tied and untied, counted on torch.META.</summary>
    public static (long Tied, long Untied) Count(Gpt2Config config)
    {
        using var tied = new TiedGpt2(config, META);
        using var untied = new UntiedGpt2(config, META);
        return (tied.parameters().Sum(p => p.numel()), untied.parameters().Sum(p => p.numel()));
    }

    public SampleReport Run(SampleContext context)
    {
        var output = context.Output;
        var (tied, untied) = Count(Gpt2Config.Small);
        bool countsMatch = tied == PublishedTied && untied == PublishedUntied;
        output.WriteLine($"   GPT-2 small (vocab {Gpt2Config.Small.Vocab:N0}, width {Gpt2Config.Small.Width}), counted on torch.META: " +
                         $"tied {tied:N0}, untied {untied:N0} (+{untied - tied:N0}); published {PublishedTied:N0} and {PublishedUntied:N0}");

        torch.manual_seed(5);
        var chain = MarkovChain.WithRandomTransitions(Tiny.Vocab, Successors, seed: 5);
        var corpus = torch.tensor(chain.Sample(CorpusLength, start: 0));
        output.WriteLine($"   corpus: {CorpusLength:N0} tokens from a Markov chain where each of {Tiny.Vocab} tokens has at most {Successors} successors; " +
                         $"its entropy, the least achievable loss, is {chain.Entropy(corpus):F3} nats");

        using var model = new TiedGpt2(Tiny);
        var optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        var losses = new List<double>();
        int steps = context.Steps(300);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (inputs, targets) = Windows(corpus, Batch, (int)Tiny.Positions);
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.call(inputs).reshape(-1, Tiny.Vocab), targets.reshape(-1));
            loss.backward();
            optimizer.step();
            context.TrainingStep(step + 1, steps);
            losses.Add(loss.item<float>());
        }

        bool oneStorage = TensorStorage.Same(model.Tokens.Weight, model.Head.weight!);
        output.WriteLine($"   tied model (vocab {Tiny.Vocab}, width {Tiny.Width}, {Tiny.Layers} layers): loss {losses[0]:F3} -> {losses[^1]:F3} " +
                         $"nats in {steps} steps (uniform guessing: {Math.Log(Tiny.Vocab):F3})");
        output.WriteLine($"   after training, the head's weight and the token embedding are one storage: {(oneStorage ? "yes" : "NO")}");

        var (tinyTied, tinyUntied) = Count(Tiny);
        return new SampleReport(tinyTied, tinyUntied, losses,
            "GPT-2 small counts as published, tied and untied; the trained head is the embedding (one storage)",
            countsMatch && oneStorage && tinyTied == model.parameters().Sum(p => p.numel()));
    }

    /// <summary>Random windows of the corpus and the same windows shifted by one token.</summary>
    internal static (Tensor Inputs, Tensor Targets) Windows(Tensor corpus, int count, int length)
    {
        var starts = torch.randint(0, corpus.shape[0] - length - 1, new long[] { count, 1 });
        var offsets = starts + torch.arange(length + 1, dtype: int64);
        var windows = corpus.index_select(0, offsets.reshape(-1)).reshape(count, length + 1);
        return (windows.narrow(1, 0, length), windows.narrow(1, 1, length));
    }
}

/// <summary>A first-order Markov chain over token ids, each with a few successors.</summary>
public sealed class MarkovChain
{
    private readonly double[,] _transitions;
    private readonly Random _random;

    private MarkovChain(double[,] transitions, int seed)
    {
        _transitions = transitions;
        _random = new Random(seed);
    }

    /// <summary>A chain where each token goes to <paramref name="successors"/> random tokens (fewer if a draw repeats) with random probabilities.</summary>
    public static MarkovChain WithRandomTransitions(long vocab, int successors, int seed)
    {
        var random = new Random(seed);
        var transitions = new double[vocab, vocab];
        for (int from = 0; from < vocab; from++)
        {
            var weights = Enumerable.Range(0, successors).Select(_ => 0.2 + random.NextDouble()).ToArray();
            double total = weights.Sum();
            for (int i = 0; i < successors; i++)
                transitions[from, random.Next((int)vocab)] += weights[i] / total;
        }
        return new MarkovChain(transitions, seed);
    }

    /// <summary>A walk of <paramref name="length"/> tokens from <paramref name="start"/>.</summary>
    public long[] Sample(int length, long start)
    {
        var tokens = new long[length];
        long current = start;
        for (int i = 0; i < length; i++)
        {
            tokens[i] = current;
            // Inverse transform sampling; if rounding leaves the total below u, the last successor is taken.
            double u = _random.NextDouble(), cumulative = 0;
            long next = -1;
            for (long candidate = 0; candidate < _transitions.GetLength(1); candidate++)
            {
                double p = _transitions[current, candidate];
                if (p == 0) continue;
                next = candidate;
                cumulative += p;
                if (u < cumulative) break;
            }
            current = next;
        }
        return tokens;
    }

    /// <summary>
    /// The mean entropy of the next token over the positions of <paramref name="corpus"/>, in nats: the loss of a
    /// model that knows the chain, which no model can beat in expectation.
    /// </summary>
    public double Entropy(Tensor corpus)
    {
        var tokens = corpus.data<long>().ToArray();
        double total = 0;
        for (int i = 0; i < tokens.Length - 1; i++)
        {
            for (int next = 0; next < _transitions.GetLength(1); next++)
            {
                double p = _transitions[tokens[i], next];
                if (p > 0) total -= p * Math.Log(p);
            }
        }
        return total / (tokens.Length - 1);
    }
}
