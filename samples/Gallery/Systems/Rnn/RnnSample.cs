using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Rnn;

/// <summary>
/// A recurrent network (Hochreiter and Schmidhuber 1997; here a GRU cell): the same weights at every time step, so
/// one weight set reads sequences of any length, and the parameter count does not depend on it.
/// </summary>
public sealed class RnnSample : ISample
{
    private const int Hidden = 16;
    private const int ShortestSequence = 3;
    private const int LongestSequence = 25;

    public string Name => "rnn";
    public string System => "RNN / GRU (Hochreiter & Schmidhuber 1997)";
    public string Mechanism => "the same weights at every time step";

    public SampleReport Run(SampleContext context)
    {
        manual_seed(12);
        var generator = new Generator(12);
        var model = new MajorityReader();
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);

        long countBefore = model.parameters().Sum(p => p.numel());
        int steps = context.Steps(150);
        var losses = new List<double>();
        var lengthsSeen = new SortedSet<int>();
        for (int step = 1; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            // Odd lengths only, so that the majority is never a tie.
            int length = 2 * (int)randint(ShortestSequence / 2, LongestSequence / 2 + 1, new long[] { 1 }, generator: generator).item<long>() + 1;
            lengthsSeen.Add(length);
            var (sequences, labels) = Majority(64, length, generator);
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.call(sequences), labels);
            loss.backward();
            // Long sequences make occasional large gradients; clipping keeps the steps even.
            nn.utils.clip_grad_norm_(model.parameters(), max_norm: 1.0);
            optimizer.step();
            losses.Add(loss.item<float>());
            context.TrainingStep(step, steps);
        }
        long countAfter = model.parameters().Sum(p => p.numel());

        // Unrolled with weights of its own at every step, the longest sequence would need this many.
        long unrolled = LongestSequence * model.CellParameters + (countAfter - model.CellParameters);
        context.Output.WriteLine($"   trained on {lengthsSeen.Count} different lengths from {lengthsSeen.Min} to {lengthsSeen.Max} steps with one weight set of {countAfter:N0} parameters");
        context.Output.WriteLine($"   with weights per time step, {LongestSequence} steps would need {unrolled:N0}");

        bool learned = losses.Skip(losses.Count - 10).Average() < losses.Take(10).Average();
        return new SampleReport(countAfter, unrolled, losses,
            "parameter count independent of sequence length", countBefore == countAfter && (context.Quick || learned));
    }

    /// <summary>Sequences of ±1; the label says whether +1 is in the majority.</summary>
    private static (Tensor Sequences, Tensor Labels) Majority(int count, int length, Generator generator)
    {
        var signs = randint(0, 2, new long[] { count, length, 1 }, generator: generator).to(float32) * 2 - 1;
        var labels = (signs.sum(dim: 1).squeeze(1) > 0).to(int64);
        return (signs, labels);
    }

    /// <summary>A GRU cell applied at each step, then a linear read-out of the last state.</summary>
    private sealed class MajorityReader : Module<Tensor, Tensor>
    {
        private readonly GRUCell cell = GRUCell(1, Hidden);
        private readonly Linear readOut = Linear(Hidden, 2);

        public MajorityReader() : base(nameof(MajorityReader)) => RegisterComponents();

        public long CellParameters => cell.parameters().Sum(p => p.numel());

        public override Tensor forward(Tensor sequences)
        {
            var state = zeros(sequences.shape[0], Hidden);
            for (long t = 0; t < sequences.shape[1]; t++)
                state = cell.call(sequences[TensorIndex.Colon, t], state);
            return readOut.call(state);
        }
    }
}
