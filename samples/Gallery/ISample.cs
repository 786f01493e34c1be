using System.Collections.Generic;
using System.IO;

namespace Declarative.Gallery;

/// <summary>One of the eight systems of the gallery: a model that shares or ties parameters, trained and checked.</summary>
public interface ISample
{
    /// <summary>The subcommand that runs it, e.g. <c>albert</c>.</summary>
    string Name { get; }

    /// <summary>The system and its paper, e.g. <c>ALBERT (Lan et al. 2020)</c>.</summary>
    string System { get; }

    /// <summary>How parameters are shared or tied, in a few words.</summary>
    string Mechanism { get; }

    /// <summary>Builds, trains and checks the model, writing what it does to <see cref="SampleContext.Output"/>.</summary>
    SampleReport Run(SampleContext context);
}

/// <summary>How a sample runs: how long it trains, where it writes, whom it tells about training progress.</summary>
/// <param name="Quick">Train a few steps only (tests and <c>--quick</c>).</param>
/// <param name="Output">Where the sample writes its lines.</param>
public sealed record SampleContext(bool Quick, TextWriter Output)
{
    /// <summary>Called after each training step with (step, steps); the gallery drives a progress bar with it.</summary>
    public System.Action<int, int>? OnTrainingStep { get; init; }

    /// <summary>The number of training steps: <paramref name="full"/>, or a handful when <see cref="Quick"/>.</summary>
    public int Steps(int full) => Quick ? System.Math.Min(full, 5) : full;

    /// <summary>Reports that training step <paramref name="step"/> (1-based) of <paramref name="steps"/> is done.</summary>
    public void TrainingStep(int step, int steps) => OnTrainingStep?.Invoke(step, steps);
}

/// <summary>What a sample measured, for the gallery's summary.</summary>
/// <param name="UniqueParameters">Trainable scalars of the model as built, shared tensors counted once.</param>
/// <param name="ParametersWithoutSharing">The same model with every shared tensor separate.</param>
/// <param name="LossCurve">The training loss at each step.</param>
/// <param name="Property">The property the sample checks, e.g. "distance is symmetric".</param>
/// <param name="Holds">Whether it held.</param>
public sealed record SampleReport(
    long UniqueParameters,
    long ParametersWithoutSharing,
    IReadOnlyList<double> LossCurve,
    string Property,
    bool Holds)
{
    /// <summary>The loss after the last training step.</summary>
    public double FinalLoss => LossCurve.Count == 0 ? double.NaN : LossCurve[LossCurve.Count - 1];

    /// <summary>Charts beyond the loss curve that the gallery draws, e.g. the multitask distances.</summary>
    public IReadOnlyList<SampleChart> Charts { get; init; } = System.Array.Empty<SampleChart>();
}

/// <summary>A chart a sample asks the gallery to draw: lines over steps, or bars over categories.</summary>
/// <param name="FileName">The PNG's name, e.g. <c>multitask-distance.png</c>.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="XLabel">The horizontal axis's label.</param>
/// <param name="YLabel">The vertical axis's label.</param>
/// <param name="Series">The lines (values over steps) or, with <paramref name="Categories"/>, the bar groups.</param>
/// <param name="Categories">Names of the bars' categories; null draws lines.</param>
public sealed record SampleChart(
    string FileName,
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<string>? Categories = null);

/// <summary>One line or one group of bars of a <see cref="SampleChart"/>.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> Values);
