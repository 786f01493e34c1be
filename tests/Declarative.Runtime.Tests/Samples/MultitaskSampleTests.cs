using System.IO;
using System.Linq;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Multitask;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Samples;

/// <summary>The multitask sample: with Lambda &gt; 0 the towers stay far closer than with Lambda = 0.</summary>
public class MultitaskSampleTests
{
    private static readonly SampleContext Quick = new(Quick: true, TextWriter.Null);

    [Fact]
    public void Tied_towers_end_far_closer_than_untied_ones_from_the_same_start()
    {
        var comparison = MultitaskSample.Compare(MultitaskSample.Steps(Quick));

        // Same data and initial towers: the only difference between the runs is the penalty.
        Assert.Equal(comparison.Untied.Distances[0], comparison.Tied.Distances[0]);
        Assert.True(comparison.Tied.FinalDistance < MultitaskSample.FarSmaller * comparison.Untied.FinalDistance,
            $"tied {comparison.Tied.FinalDistance:G4}, untied {comparison.Untied.FinalDistance:G4}");
        // Without the penalty the towers drift apart as they fit their own tasks.
        Assert.True(comparison.Untied.FinalDistance > comparison.Untied.Distances[0]);
        Assert.True(comparison.Holds);
    }

    [Fact]
    public void Tied_training_still_fits_both_tasks()
    {
        var comparison = MultitaskSample.Compare(MultitaskSample.Steps(Quick));
        Assert.True(comparison.Tied.Losses[^1] < 0.5 * comparison.Tied.Losses[0],
            $"training loss went from {comparison.Tied.Losses[0]:G4} to {comparison.Tied.Losses[^1]:G4}");
    }

    [Fact]
    public void Runs_quick_prints_both_distances_and_reports_that_the_property_holds()
    {
        var output = new StringWriter();
        var sample = SampleCatalog.Find("multitask");
        Assert.NotNull(sample);
        int threads = get_num_threads();

        var report = sample!.Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, report.Property);
        Assert.Equal(MultitaskSample.Steps(Quick), report.LossCurve.Count);
        string text = output.ToString();
        Assert.Contains($"Lambda = {TaskTowers.Lambda}", text);
        Assert.Contains("Lambda = 0", text);
        Assert.Equal(threads, get_num_threads());
    }

    [Fact]
    public void Towers_are_tied_in_the_generated_penalty()
    {
        manual_seed(1);
        var model = new TaskTowers(3, 4);
        double distance = model.TowerDistance();
        Assert.Equal(TaskTowers.Lambda * distance * distance, model.TyingPenalty().item<float>(), 4);
        // Two towers of Linear(3, 4) and Linear(4, 1), four tensors each: tied, not shared.
        Assert.Equal(8, model.parameters().Count());
        Assert.Equal(2 * (3 * 4 + 4 + 4 * 1 + 1), model.parameters().Sum(p => p.numel()));
    }
}
