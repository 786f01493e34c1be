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

/// <summary>How a sample runs: how long it trains and where it writes.</summary>
/// <param name="Quick">Train a few steps only (tests and <c>--quick</c>).</param>
/// <param name="Output">Where the sample writes its lines.</param>
public sealed record SampleContext(bool Quick, TextWriter Output)
{
    /// <summary>The number of training steps: <paramref name="full"/>, or a handful when <see cref="Quick"/>.</summary>
    public int Steps(int full) => Quick ? System.Math.Min(full, 5) : full;
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
    public double FinalLoss => LossCurve.Count == 0 ? double.NaN : LossCurve[LossCurve.Count - 1];
}
