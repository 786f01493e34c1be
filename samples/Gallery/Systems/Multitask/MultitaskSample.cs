using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Gallery.Systems.Multitask;

/// <summary>
/// Multi-task learning with soft parameter sharing: two towers learn two related regression tasks from few samples
/// each, and <c>[Tied]</c> keeps their parameters close. The same training runs with Lambda &gt; 0 and with
/// Lambda = 0 (no penalty); the sample prints the distance between the towers during both.
/// </summary>
public sealed class MultitaskSample : ISample
{
    private const int Inputs = 8;
    private const int Hidden = 16;
    private const int TrainingSamples = 48;
    private const int TestSamples = 512;
    private const double LearningRate = 0.01;

    /// <summary>"Far smaller": the tied towers' distance at the end is below this fraction of the untied towers'.</summary>
    public const double FarSmaller = 0.25;

    public string Name => "multitask";

    public string System => "Multi-task towers (Caruana 1997; soft sharing as in Duong et al. 2015)";

    public string Mechanism => $"[Tied(\"tower\", Lambda = {TaskTowers.Lambda})] on two task towers, penalty added to the loss";

    /// <summary>The training steps of each run.</summary>
    public static int Steps(SampleContext context) => context.Quick ? 100 : 400;

    public SampleReport Run(SampleContext context)
    {
        int steps = Steps(context);
        var comparison = Compare(steps, step => context.TrainingStep(step, 2 * steps));
        var output = context.Output;

        output.WriteLine($"   two related tasks, {TrainingSamples} training samples each; distance ‖θ_A − θ_B‖ between the towers:");
        output.WriteLine($"   {"step",6}  {$"Lambda = {TaskTowers.Lambda}",14}  {"Lambda = 0",12}");
        foreach (int step in Checkpoints(comparison.Tied.Distances.Count))
            output.WriteLine($"   {step,6}  {comparison.Tied.Distances[step],14:F4}  {comparison.Untied.Distances[step],12:F4}");
        output.WriteLine($"   held-out loss: task A {comparison.Tied.TestLossA:F4} tied, {comparison.Untied.TestLossA:F4} untied; " +
                         $"task B {comparison.Tied.TestLossB:F4} tied, {comparison.Untied.TestLossB:F4} untied");

        long parameters = comparison.Tied.Parameters;
        return new SampleReport(
            parameters,
            parameters,
            comparison.Tied.Losses,
            $"tower distance with Lambda = {TaskTowers.Lambda} ({comparison.Tied.FinalDistance:F4}) is below {FarSmaller} x the distance with Lambda = 0 ({comparison.Untied.FinalDistance:F4})",
            comparison.Holds)
        {
            Charts = new[]
            {
                new SampleChart("multitask-distance.png", "Distance between the two task towers during training",
                    "training step", "‖θ_A − θ_B‖",
                    new[]
                    {
                        new ChartSeries($"tied, Lambda = {TaskTowers.Lambda}", comparison.Tied.Distances),
                        new ChartSeries("not tied, Lambda = 0", comparison.Untied.Distances),
                    }),
            },
        };
    }

    /// <summary>The step numbers printed: the first, the last and a few between.</summary>
    private static IEnumerable<int> Checkpoints(int count)
        => new[] { 0, count / 8, count / 4, count / 2, 3 * count / 4, count - 1 }.Distinct();

    /// <summary>Trains the same towers on the same data twice, with the tying penalty and without it.</summary>
    public static MultitaskComparison Compare(int steps, Action<int>? onStep = null)
    {
        var tied = Train(steps, tie: true, step => onStep?.Invoke(step));
        var untied = Train(steps, tie: false, step => onStep?.Invoke(steps + step));
        return new MultitaskComparison(tied, untied);
    }

    private static MultitaskRun Train(int steps, bool tie, Action<int> onStep)
    {
        // Both runs draw the same data and the same initial towers.
        manual_seed(2024);
        var tasks = RelatedTasks();
        var (trainX, trainA, trainB) = tasks(TrainingSamples);
        var (testX, testA, testB) = tasks(TestSamples);

        var model = new TaskTowers(Inputs, Hidden);
        var optimizer = optim.Adam(model.parameters(), LearningRate);
        var losses = new List<double>();
        var distances = new List<double> { model.TowerDistance() };

        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (a, b) = model.call(trainX);
            var loss = nn.functional.mse_loss(a, trainA) + nn.functional.mse_loss(b, trainB);
            if (tie) loss = loss + model.TyingPenalty();
            loss.backward();
            optimizer.step();
            onStep(step + 1);
            losses.Add(loss.item<float>());
            distances.Add(model.TowerDistance());
        }

        using var _ = no_grad();
        var (testPredictionA, testPredictionB) = model.call(testX);
        return new MultitaskRun(
            losses,
            distances,
            nn.functional.mse_loss(testPredictionA, testA).item<float>(),
            nn.functional.mse_loss(testPredictionB, testB).item<float>(),
            model.parameters().Sum(p => p.numel()));
    }

    /// <summary>
    /// Two related tasks on the same inputs: a small tanh network for task A, and the same network with its weights
    /// perturbed by 10% for task B. Returns a function that draws samples of both, observed with a little noise.
    /// </summary>
    private static Func<int, (Tensor X, Tensor A, Tensor B)> RelatedTasks()
    {
        var w = randn(Inputs, Hidden) / Math.Sqrt(Inputs);
        var v = randn(Hidden);
        var wB = w + 0.1 * randn(Inputs, Hidden) / Math.Sqrt(Inputs);
        var vB = v + 0.1 * randn(Hidden);

        return samples =>
        {
            var x = randn(samples, Inputs);
            var a = tanh(x.matmul(w)).matmul(v) + 0.05 * randn(samples);
            var b = tanh(x.matmul(wB)).matmul(vB) + 0.05 * randn(samples);
            return (x, a, b);
        };
    }
}

/// <summary>One training run of the towers.</summary>
/// <param name="Losses">The training loss at each step (with the penalty when tied).</param>
/// <param name="Distances">The tower distance before training and after each step.</param>
/// <param name="TestLossA">Held-out mean squared error of task A.</param>
/// <param name="TestLossB">Held-out mean squared error of task B.</param>
/// <param name="Parameters">Trainable scalars of the model.</param>
public sealed record MultitaskRun(IReadOnlyList<double> Losses, IReadOnlyList<double> Distances, double TestLossA, double TestLossB, long Parameters)
{
    public double FinalDistance => Distances[Distances.Count - 1];
}

/// <summary>The same training with Lambda &gt; 0 and with Lambda = 0.</summary>
public sealed record MultitaskComparison(MultitaskRun Tied, MultitaskRun Untied)
{
    /// <summary>The towers stay far closer with the penalty: at the end of training, and on average over it.</summary>
    public bool Holds =>
        Tied.FinalDistance < MultitaskSample.FarSmaller * Untied.FinalDistance &&
        Tied.Distances.Skip(1).Average() < Untied.Distances.Skip(1).Average();
}
