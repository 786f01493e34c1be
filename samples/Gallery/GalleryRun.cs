using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Spectre.Console;

namespace Declarative.Gallery;

/// <summary>The outcome of one sample in a gallery run: its report, or the exception that stopped it.</summary>
public sealed record SampleOutcome(ISample Sample, SampleReport? Report, Exception? Failure, TimeSpan Elapsed)
{
    public bool Holds => Report is { Holds: true };
}

/// <summary>Runs samples one after another, each with a progress bar over its training steps.</summary>
public static class GalleryRun
{
    public static SampleOutcome Run(ISample sample, bool quick, IAnsiConsole console)
    {
        var output = new StringWriter();
        SampleReport? report = null;
        Exception? failure = null;
        var clock = Stopwatch.StartNew();

        void Train(Action<int, int>? onTrainingStep)
        {
            try
            {
                report = sample.Run(new SampleContext(quick, output) { OnTrainingStep = onTrainingStep });
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }

        if (console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask(Markup.Escape(sample.Name));
                    Train((step, steps) =>
                    {
                        task.MaxValue = steps;
                        task.Value = step;
                    });
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            // A log or CI has nothing to animate.
            Train(null);
        }

        string text = output.ToString().TrimEnd();
        if (text.Length > 0)
            console.WriteLine(text);
        if (failure is not null)
            console.MarkupLineInterpolated($"   [red]failed: {failure.GetType().Name}: {failure.Message}[/]");
        console.WriteLine();
        return new SampleOutcome(sample, report, failure, clock.Elapsed);
    }
}
