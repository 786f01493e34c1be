using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Siamese;

/// <summary>
/// Siamese twins trained with a contrastive loss on pairs of points from Gaussian clusters. Because the twins
/// are one encoder, the learned distance is symmetric, exactly; two separate encoders trained alike are not.
/// </summary>
public sealed class SiameseSample : ISample
{
    private const int Classes = 8;
    private const int Input = 16;
    private const int Hidden = 64;
    private const int Code = 8;
    private const double Margin = 1.0;

    public string Name => "siamese";
    public string System => "Siamese networks (Bromley et al. 1993)";
    public string Mechanism => "the two branches share all parameters";

    public SampleReport Run(SampleContext context)
    {
        var output = context.Output;
        int steps = context.Steps(300);

        torch.manual_seed(3);
        var centers = 1.5 * torch.randn(Classes, Input);
        var training = Pairs(centers, 1_024);
        var heldOut = Pairs(centers, 1_000);

        torch.manual_seed(4);
        using var twins = new SharedTwins(Input, Hidden, Code);
        var losses = Train(twins, training, steps, step => context.TrainingStep(step, 2 * steps));
        torch.manual_seed(4);
        using var separate = new SeparateTwins(Input, Hidden, Code);
        Train(separate, training, steps, step => context.TrainingStep(steps + step, 2 * steps));

        long unique = twins.parameters().Sum(p => p.numel());
        long oneEncoder = twins.Left.parameters().Sum(p => p.numel());
        long separateCount = separate.parameters().Sum(p => p.numel());
        bool oneSet = unique == oneEncoder
                      && twins.Left.parameters().Zip(twins.Right.parameters()).All(p => TensorStorage.Same(p.First, p.Second));
        output.WriteLine($"   twins: {unique:N0} parameters, one encoder's {oneEncoder:N0}; two separate encoders: {separateCount:N0}");

        double accuracy, sharedAsymmetry, separateAsymmetry;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            twins.eval();
            separate.eval();
            var distance = twins.call(heldOut.A, heldOut.B);
            accuracy = (distance < Margin / 2).eq(heldOut.Same).to(float32).mean().item<float>();
            sharedAsymmetry = (distance - twins.call(heldOut.B, heldOut.A)).abs().max().item<float>();
            separateAsymmetry = (separate.call(heldOut.A, heldOut.B) - separate.call(heldOut.B, heldOut.A)).abs().max().item<float>();
        }
        output.WriteLine($"   contrastive loss {losses[0]:F4} -> {losses[^1]:F4} in {steps} steps; held-out pairs called \"same class\" " +
                         $"when d < {Margin / 2}: {100 * accuracy:F1}% right");
        output.WriteLine($"   max |d(a,b) - d(b,a)| over {heldOut.A.shape[0]:N0} held-out pairs: twins {sharedAsymmetry:G3}; " +
                         $"separate encoders trained alike {separateAsymmetry:G3}");

        return new SampleReport(unique, separateCount, losses,
            "one parameter set; d(a,b) = d(b,a) on held-out pairs (to 1e-6)",
            oneSet && sharedAsymmetry <= 1e-6);
    }

    /// <summary>Full-batch Adam on the contrastive loss; the loss at each step.</summary>
    private static List<double> Train(TwinNetwork model, PairSet pairs, int steps, Action<int> onStep)
    {
        var optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = ContrastiveLoss(model.call(pairs.A, pairs.B), pairs.Same);
            loss.backward();
            optimizer.step();
            onStep(step + 1);
            losses.Add(loss.item<float>());
        }
        return losses;
    }

    /// <summary>
    /// Hadsell, Chopra and LeCun (2006): similar pairs are pulled together (d²), dissimilar ones pushed out to the
    /// margin (max(0, m - d)²).
    /// </summary>
    public static Tensor ContrastiveLoss(Tensor distance, Tensor same)
    {
        var pull = distance.square();
        var push = functional.relu(Margin - distance).square();
        return torch.where(same, pull, push).mean();
    }

    /// <summary>Pairs of points from the clusters around <paramref name="centers"/>, half of them from one cluster.</summary>
    private static PairSet Pairs(Tensor centers, int count)
    {
        var first = torch.randint(0, Classes, new long[] { count });
        var same = torch.rand(count) < 0.5;
        // A different class: shift by 1 to Classes - 1, so it never lands on the first.
        var other = (first + torch.randint(1, Classes, new long[] { count })) % Classes;
        var second = torch.where(same, first, other);
        Tensor Points(Tensor classes) => centers.index_select(0, classes) + torch.randn(count, Input);
        return new PairSet(Points(first), Points(second), same);
    }

    private sealed record PairSet(Tensor A, Tensor B, Tensor Same);
}
